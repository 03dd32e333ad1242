// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import java.util.Locale;

/** What the label means: a class index 0..K−1, a 0/1 target, or one or more real targets. */
public enum Task {
    CLASSIFICATION, BINARY, REGRESSION;

    /** From the config's {@code model.task} name (as the model files write it). */
    public static Task of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The name the config and the model files use: {@code classification}, {@code binary}, {@code regression}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return configName();
    }
}
