// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import java.util.Locale;

/** Number formatting for the tables: about three significant digits, never scientific notation. */
final class Fmt {
    private Fmt() {}

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, v);
    }

    static String ratio(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2fx", v);
    }

    static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }

    /** A number shown as {@code text} in the tables and written as {@code value} to the JSON file. */
    record Shown(double value, String text) {}

    static Shown ratioCell(double v) {
        return new Shown(v, ratio(v));
    }

    static Shown percentCell(double v) {
        return new Shown(v, percent(v));
    }

    /** Rounds for the JSON file: 4 significant digits are more than these measurements carry. */
    static double round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
            return v;
        }
        double scale = Math.pow(10, 3 - Math.floor(Math.log10(Math.abs(v))));
        return Math.round(v * scale) / scale;
    }
}
