// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import java.util.Iterator;

/**
 * The executor's half of LSUV initialisation: the variance of each Dense layer's output on the
 * first {@code batchSize} rows of partition 0's first block (an evaluation-mode forward pass), so
 * the driver can rescale the weights without any row reaching it.
 */
public final class LsuvTask {
    private LsuvTask() {}

    /** The variances in Dense-layer order, or {@code null} from any partition but 0 or an empty one. */
    public static double[] run(int partition, Iterator<Block> blocks, float[] params, String specJson,
            ComputeSettings compute, int batchSize) {
        if (partition != 0 || !blocks.hasNext()) {
            return null;
        }
        Block block = blocks.next();
        int n = Math.min(batchSize, block.rows());
        try (Engine.Worker worker = Engine.get().acquire(specJson, compute, n)) {
            worker.load("lsuv", -1, params);
            Batch batch = GradientTask.gatherRange(block, 0, n,
                    Batch.allocate(n, block.numericWidth(), block.categoricalWidth(), block.labelWidth()));
            return worker.network().denseOutputVariances(batch);
        }
    }
}
