// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

/**
 * A host-side micro-batch gathered from blocks: the same layout as {@link Block} but only
 * {@code n} rows are valid (buffers are sized for the largest micro-batch and reused).
 *
 * @param rowKeys each row's random key (derived from its global row and the epoch), fed to dropout
 */
public record Batch(int n, float[] features, float[] categories, float[] labels, float[] weights, long[] rowKeys) {

    /** Buffers for up to {@code capacity} rows. {@code weights} is always allocated (ones when unweighted). */
    public static Batch allocate(int capacity, int numericWidth, int categoricalWidth, int labelWidth) {
        return new Batch(0, new float[capacity * numericWidth], new float[capacity * categoricalWidth],
                new float[capacity * labelWidth], new float[capacity], new long[capacity]);
    }

    public int capacity() {
        return rowKeys.length;
    }

    /** The same buffers holding {@code rows} valid rows. */
    public Batch withRows(int rows) {
        if (rows < 0 || rows > capacity()) {
            throw new IllegalArgumentException("batch of " + rows + " rows exceeds capacity " + capacity());
        }
        return new Batch(rows, features, categories, labels, weights, rowKeys);
    }
}
