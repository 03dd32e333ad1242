// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import java.util.Locale;

/**
 * {@code output_mode}: {@code error} (never replace an existing output), {@code overwrite}, or
 * {@code versioned} ({@code OUTPUT/v-<timestamp>} plus {@code OUTPUT/LATEST}).
 */
public enum OutputMode {
    ERROR, OVERWRITE, VERSIONED;

    /** From a canonical name of {@link Names#OUTPUT_MODES}. */
    static OutputMode of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The name as the config spells it. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
