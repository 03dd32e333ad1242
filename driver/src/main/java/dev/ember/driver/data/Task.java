// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import java.util.Locale;

/** What the label means: a class index 0..K−1, a 0/1 target, or one or more real targets. */
public enum Task {
    CLASSIFICATION, BINARY, REGRESSION;

    /** From the config's {@code model.task} name. */
    public static Task of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
