// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import java.io.Serializable;

/**
 * What one training step asks of every partition: the rows of global batch {@code batch} of
 * {@code epoch} (see {@link EpochOrder}), processed in micro-batches of at most {@code microBatch}
 * rows. {@code paramsVersion} identifies the broadcast parameters, so an executor uploads them to
 * its device once per step however many partitions it serves.
 */
public record StepPlan(String runId, long step, long epoch, long batch, int batchSize, int microBatch,
                       long seed, long totalRows, long paramsVersion) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The random key of a global row in this epoch: dropout masks are drawn from it. */
    public static long rowKey(long seed, long epoch, long globalRow) {
        return dev.ember.tensor.Rng.mix(seed, 0x5EED_0000L + epoch, globalRow);
    }
}
