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
}
