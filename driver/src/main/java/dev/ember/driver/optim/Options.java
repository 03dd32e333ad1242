// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict reader of one config section's options ({@code Map<String, Object>} as parsed from YAML,
 * or strings from a command-line override). Every read declares its key as known; {@link
 * #rejectUnknown()} then fails on any other key, naming it and listing the known ones.
 */
final class Options {
    private final String owner;
    private final Map<String, Object> values;
    private final Set<String> known = new LinkedHashSet<>();

    Options(String owner, Map<String, Object> values) {
        this.owner = owner;
        this.values = values == null ? Map.of() : values;
    }

    boolean has(String key) {
        known.add(key);
        return values.containsKey(key);
    }

    double number(String key, double defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        Object value = values.get(key);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw bad(key, "a number", value);
            }
        }
        throw bad(key, "a number", value);
    }

    long integer(String key, long defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        double value = number(key, defaultValue);
        if (value != Math.rint(value) || Math.abs(value) > 1e15) {
            throw bad(key, "an integer", values.get(key));
        }
        return (long) value;
    }

    boolean flag(String key, boolean defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        Object value = values.get(key);
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String text && (text.equals("true") || text.equals("false"))) {
            return Boolean.parseBoolean(text);
        }
        throw bad(key, "true or false", value);
    }

    void rejectUnknown() {
        List<String> unknown = new ArrayList<>();
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " for " + owner + "; known options: "
                    + String.join(", ", known));
        }
    }

    private IllegalArgumentException bad(String key, String expected, Object value) {
        return new IllegalArgumentException(owner + "." + key + " must be " + expected + ", got "
                + (value == null ? "nothing" : "'" + value + "'"));
    }
}
