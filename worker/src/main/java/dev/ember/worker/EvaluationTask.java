// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import java.util.Iterator;

/**
 * A partition's share of an evaluation: every row of its blocks, in whole micro-batches, through
 * one evaluation-mode forward pass each that yields both the weighted loss and the outputs (after
 * the loss's output transform), which go to a {@link Sink} that keeps the task's metric counts.
 * No row leaves the executor.
 */
public final class EvaluationTask {
    private EvaluationTask() {}

    /** Receives each micro-batch's outputs ({@code n × outputWidth}, row-major), labels and weights. */
    public interface Sink {
        void add(float[] outputs, float[] labels, float[] weights, int n);
    }

    /** The partition's weighted loss sum {@code Σᵣ wᵣ·ℓᵣ} and weight sum {@code Σᵣ wᵣ}. */
    public record Sums(double lossSum, double weightSum) {}

    /** Evaluates {@code params} on every row of {@code blocks}, feeding {@code sink}. */
    public static Sums run(Iterator<Block> blocks, float[] params, String specJson, ComputeSettings compute,
            int microBatch, Sink sink) {
        double lossSum = 0;
        double weightSum = 0;
        try (Engine.Worker worker = Engine.get().acquire(specJson, compute, microBatch)) {
            worker.load("eval", -1, params);
            Network net = worker.network();
            Batch buffer = null;
            float[] out = new float[microBatch * net.spec().outputWidth()];
            while (blocks.hasNext()) {
                Block block = blocks.next();
                if (buffer == null) {
                    buffer = worker.buffer(block.numericWidth(), block.categoricalWidth(), block.labelWidth());
                }
                for (int from = 0; from < block.rows(); from += microBatch) {
                    int n = Math.min(microBatch, block.rows() - from);
                    Batch batch = GradientTask.gatherRange(block, from, n, buffer);
                    lossSum += net.evaluate(batch, out);
                    for (int i = 0; i < n; i++) {
                        weightSum += batch.weights()[i];
                    }
                    sink.add(out, batch.labels(), batch.weights(), n);
                }
            }
        }
        return new Sums(lossSum, weightSum);
    }
}
