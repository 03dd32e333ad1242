// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.ember.worker.Block;

import java.io.Serializable;

/**
 * A partition's rows packed but not yet standardised nor split, with the {@link DataSummary} of the rows
 * read (including rows that could not be packed because their width differed). Short-lived: blocks are
 * built from it once the checks pass.
 *
 * <p>Chunks are cached MEMORY_AND_DISK, so a chunk that does not fit in storage memory is written to
 * disk with Spark's serializer. Kryo's default field serializer cannot build a record (it sets final
 * fields through {@code Unsafe}, which records refuse), so Kryo is told to use Java serialisation,
 * which goes through the canonical constructor.
 */
@DefaultSerializer(JavaSerializer.class)
record RawChunk(int rows, int numericWidth, int categoricalWidth, int labelWidth, float[] features,
                float[] categories, float[] labels, float[] weights, long[] globalRows, DataSummary summary)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The rows on one side of the split, standardised into a new block (this chunk is never modified,
     * so a recomputed partition gives the same block).
     */
    Block toBlock(Standardizer std, Split split, boolean validation, int width, int labelWidthAll) {
        int n = 0;
        for (int r = 0; r < rows; r++) {
            if (split.isValidationKey(globalRows[r]) == validation) {
                n++;
            }
        }
        float[] f = new float[n * width];
        float[] c = new float[n * categoricalWidth];
        float[] l = new float[n * labelWidthAll];
        float[] w = weights == null ? null : new float[n];
        long[] g = new long[n];
        int out = 0;
        for (int r = 0; r < rows; r++) {
            if (split.isValidationKey(globalRows[r]) != validation) {
                continue;
            }
            System.arraycopy(features, r * width, f, out * width, width);
            System.arraycopy(categories, r * categoricalWidth, c, out * categoricalWidth, categoricalWidth);
            System.arraycopy(labels, r * labelWidthAll, l, out * labelWidthAll, labelWidthAll);
            if (w != null) {
                w[out] = weights[r];
            }
            g[out] = Split.globalRowOfKey(globalRows[r]);
            out++;
        }
        std.apply(f, n);
        return new Block(n, width, categoricalWidth, labelWidthAll, f, c, l, w, g);
    }
}
