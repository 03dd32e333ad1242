// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import java.util.Iterator;

/**
 * A partition's share of one training step: forward and backward over this partition's rows of
 * global batch t, in micro-batches, summed into one gradient.
 *
 * <p>A pure function of (parameters, plan, partition data): which rows are in the batch comes from
 * the seeded epoch order, dropout masks from each row's global key, and rows are visited in
 * position order, so a retried task returns exactly the same sums.
 */
public final class GradientTask {
    private GradientTask() {}

    /** The partition's sums as one leaf of the order-independent tree. */
    public static GradientSum run(int partition, int partitions, Iterator<Block> blocks, StepPlan plan,
            float[] params, String specJson, ComputeSettings compute) {
        GradientSum sum = new GradientSum(partitions);
        Engine engine = Engine.get();
        NetworkSpec spec = engine.spec(specJson);
        double lossSum = 0;
        double weightSum = 0;
        long rows = 0;
        float[] grad = null;
        try (Engine.Worker worker = engine.acquire(spec, compute, plan.microBatch())) {
            Network net = worker.network();
            boolean started = false;
            Batch buffer = null;
            while (blocks.hasNext()) {
                Block block = blocks.next();
                int[] batchRows = engine.order(block, plan.seed(), plan.epoch(), plan.totalRows())
                        .rowsOfBatch(plan.batch(), plan.batchSize());
                if (batchRows.length == 0) {
                    continue;
                }
                if (!started) {
                    worker.load(plan.runId(), plan.paramsVersion(), params);
                    net.zeroGradient();
                    buffer = worker.buffer(block.numericWidth(), block.categoricalWidth(), block.labelWidth());
                    started = true;
                }
                for (int from = 0; from < batchRows.length; from += plan.microBatch()) {
                    int n = Math.min(plan.microBatch(), batchRows.length - from);
                    Batch batch = gather(block, batchRows, from, n, buffer, plan.seed(), plan.epoch());
                    lossSum += net.accumulateGradient(batch);
                    for (int i = 0; i < n; i++) {
                        weightSum += batch.weights()[i];
                    }
                    rows += n;
                }
            }
            if (started) {
                grad = new float[spec.layout().total()];
                net.readGradient(grad);
            }
        }
        return sum.addPartition(partition, grad, lossSum, weightSum, rows);
    }

    /** Copies rows {@code rowIdx[from .. from+n)} of {@code block} into {@code buffer}. */
    static Batch gather(Block block, int[] rowIdx, int from, int n, Batch buffer, long seed, long epoch) {
        for (int i = 0; i < n; i++) {
            copyRow(block, rowIdx[from + i], buffer, i, StepPlan.rowKey(seed, epoch, block.globalRows()[rowIdx[from + i]]));
        }
        return buffer.withRows(n);
    }

    /**
     * Rows {@code [from, from+n)} of {@code block}, in position order, into {@code buffer}: for
     * evaluation-mode passes, which draw no dropout masks, so the row keys are those of seed 0, epoch 0.
     */
    static Batch gatherRange(Block block, int from, int n, Batch buffer) {
        for (int i = 0; i < n; i++) {
            copyRow(block, from + i, buffer, i, StepPlan.rowKey(0, 0, block.globalRows()[from + i]));
        }
        return buffer.withRows(n);
    }

    private static void copyRow(Block block, int r, Batch buffer, int i, long rowKey) {
        int fw = block.numericWidth();
        int cw = block.categoricalWidth();
        int lw = block.labelWidth();
        System.arraycopy(block.features(), r * fw, buffer.features(), i * fw, fw);
        System.arraycopy(block.categories(), r * cw, buffer.categories(), i * cw, cw);
        System.arraycopy(block.labels(), r * lw, buffer.labels(), i * lw, lw);
        buffer.weights()[i] = block.weight(r);
        buffer.rowKeys()[i] = rowKey;
    }
}
