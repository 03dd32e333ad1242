// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

/** Row checks shared by the accumulators; each message names the row and the value. */
final class Rows {
    private Rows() {}

    /** Checks that {@code array} holds at least {@code rows·width} values. */
    static void checkLength(String name, float[] array, int rows, int width) {
        if (rows < 0) {
            throw new IllegalArgumentException("row count must be >= 0, got " + rows);
        }
        long needed = (long) rows * width;
        if (array.length < needed) {
            throw new IllegalArgumentException(name + " holds " + array.length + " values, fewer than "
                    + rows + " rows × " + width + " = " + needed);
        }
    }

    /** The weight of row {@code r}: 1 when {@code weights} is null, else a finite value >= 0. */
    static double weight(float[] weights, int r) {
        if (weights == null) {
            return 1;
        }
        float w = weights[r];
        if (!(w >= 0 && w < Float.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("sample weight " + w + " at row " + r + " must be >= 0 and finite");
        }
        return w;
    }

    /** The label of row {@code r} as a class index in [0, classes). */
    static int classIndex(float label, int r, int classes) {
        int c = (int) label;
        if (c != label || c < 0 || c >= classes) {
            throw new IllegalArgumentException("label " + label + " at row " + r
                    + " is not a class index in [0, " + classes + ")");
        }
        return c;
    }

    static void checkFinite(String name, float value, int r) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(name + " " + value + " at row " + r + " is not finite");
        }
    }
}
