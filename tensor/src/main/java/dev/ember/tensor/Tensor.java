// SPDX-License-Identifier: Apache-2.0
package dev.ember.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A row-major view of {@code rows × cols} floats in {@code data[offset, offset + rows·cols)}.
 *
 * <p>A view never copies. Which array a tensor may view depends on its {@link Backend}: host
 * backends accept any array, a device backend only arrays it allocated (the array is the handle of
 * the device copy). {@code equals} is identity of the view (same array, offset and shape), never
 * contents.
 */
public record Tensor(float[] data, int offset, int rows, int cols) {
    public Tensor {
        Objects.requireNonNull(data, "data");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("tensor shape must be non-negative, got " + rows + "×" + cols);
        }
        Objects.checkFromIndexSize(offset, Math.multiplyExact(rows, cols), data.length);
    }

    /** A fresh zero-filled host tensor. */
    public static Tensor zeros(int rows, int cols) {
        return new Tensor(new float[Math.multiplyExact(rows, cols)], 0, rows, cols);
    }

    /** A host tensor over a copy of {@code values}, row-major. */
    public static Tensor of(int rows, int cols, float... values) {
        if (values.length != rows * cols) {
            throw new IllegalArgumentException(
                    rows + "×" + cols + " tensor needs " + rows * cols + " values, got " + values.length);
        }
        return new Tensor(values.clone(), 0, rows, cols);
    }

    /** A host tensor viewing all of {@code data} as {@code rows × cols}. */
    public static Tensor wrap(float[] data, int rows, int cols) {
        return new Tensor(data, 0, rows, cols);
    }

    public Shape shape() {
        return new Shape(rows, cols);
    }

    public int size() {
        return rows * cols;
    }

    public float get(int r, int c) {
        return data[offset + r * cols + c];
    }

    public void set(int r, int c, float v) {
        data[offset + r * cols + c] = v;
    }

    /** Element {@code i} in row-major order. */
    public float at(int i) {
        return data[offset + i];
    }

    /** Rows {@code [from, from + count)} as a view. */
    public Tensor rows(int from, int count) {
        Objects.checkFromIndexSize(from, count, rows);
        return new Tensor(data, offset + from * cols, count, cols);
    }

    /** The same elements seen as {@code newRows × newCols}. */
    public Tensor reshape(int newRows, int newCols) {
        if (Math.multiplyExact(newRows, newCols) != size()) {
            throw new IllegalArgumentException("cannot reshape " + shape() + " to " + newRows + "×" + newCols);
        }
        return new Tensor(data, offset, newRows, newCols);
    }

    /** A copy of the viewed elements (host tensors only). */
    public float[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size());
    }

    /** Throws naming {@code what} unless this tensor has the given shape. */
    public Tensor requireShape(String what, int expectRows, int expectCols) {
        if (rows != expectRows || cols != expectCols) {
            throw new IllegalArgumentException(
                    what + " must be " + expectRows + "×" + expectCols + ", got " + rows + "×" + cols);
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && t.data == data && t.offset == offset && t.rows == rows && t.cols == cols;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(data) * 31 + offset * 17 + rows * 7 + cols;
    }

    @Override
    public String toString() {
        return "Tensor[" + rows + "×" + cols + " @" + offset + "]";
    }
}
