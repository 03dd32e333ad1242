// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import com.fasterxml.jackson.annotation.JsonSubTypes;

/** Reads the JSON type name of a value from its sealed root's {@link JsonSubTypes}, the single source of names. */
final class JsonNames {
    private JsonNames() {}

    static String of(Class<?> root, Object value) {
        for (JsonSubTypes.Type type : root.getAnnotation(JsonSubTypes.class).value()) {
            if (type.value() == value.getClass()) {
                return type.name().isEmpty() ? type.names()[0] : type.name();
            }
        }
        throw new AssertionError(value.getClass() + " is not a registered subtype of " + root.getSimpleName());
    }
}
