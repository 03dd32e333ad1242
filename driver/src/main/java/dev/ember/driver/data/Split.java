// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import dev.ember.tensor.Rng;

import java.io.Serializable;

/**
 * The validation split by fraction: row g is held out when {@code Rng.uniformDouble(seed, STREAM, g) <
 * fraction}. It depends only on the seed and the global row index, never on partitioning, so any number
 * of partitions, a retry or a rerun holds out the same rows.
 */
public record Split(long seed, double fraction) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The random stream reserved for the validation split ("VALSPLIT" in ASCII). */
    public static final long STREAM = 0x56414C53504C4954L;

    public Split {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
        }
    }

    public static Split none() {
        return new Split(0, 0);
    }

    public boolean isValidation(long globalRow) {
        return fraction > 0 && Rng.uniformDouble(seed, STREAM, globalRow) < fraction;
    }

    /**
     * The key a packed row carries when this split is active: training rows get their dense rank
     * among training rows ({@code 0 .. trainRows-1}, in input order), which is the domain of the
     * epoch permutation; validation rows get {@code -(1 + globalRow)}. With no split the key is the
     * global row itself. {@link #isValidationKey} and {@link #globalRowOfKey} read it back.
     */
    public long key(long globalRow, long trainRank) {
        if (fraction == 0) {
            return globalRow;
        }
        return isValidation(globalRow) ? -1 - globalRow : trainRank;
    }

    public boolean isValidationKey(long key) {
        return key < 0;
    }

    /** The row index a block stores: the training rank, or the global row of a validation row. */
    public static long globalRowOfKey(long key) {
        return key < 0 ? -1 - key : key;
    }

    /** Training rows among global rows {@code [from, from + count)}. */
    public long trainRows(long from, long count) {
        if (fraction == 0) {
            return count;
        }
        long n = 0;
        for (long g = from; g < from + count; g++) {
            n += isValidation(g) ? 0 : 1;
        }
        return n;
    }
}
