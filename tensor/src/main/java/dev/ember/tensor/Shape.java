// SPDX-License-Identifier: Apache-2.0
package dev.ember.tensor;

/** The shape of a row-major matrix: {@code rows × cols}. Vectors are {@code 1 × n} or {@code n × 1}. */
public record Shape(int rows, int cols) {
    public Shape {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("shape must be non-negative, got " + rows + "×" + cols);
        }
    }

    /** Number of elements, failing on int overflow rather than wrapping. */
    public int size() {
        return Math.multiplyExact(rows, cols);
    }

    @Override
    public String toString() {
        return rows + "×" + cols;
    }
}
