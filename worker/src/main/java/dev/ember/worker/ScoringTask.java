// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

/**
 * The executor's half of scoring: one forward pass of up to {@code maxRows} rows that the caller
 * packs into the worker's reusable input buffer (features already standardised, categories
 * checked), returning the network's outputs, row-major.
 */
public final class ScoringTask {
    private ScoringTask() {}

    /** Writes the input of {@code n} rows into a batch buffer (features, categories; row keys are zeroed). */
    public interface Packer {
        void pack(Batch buffer, int n);
    }

    /**
     * The outputs of {@code n} rows packed by {@code packer}, after the spec's loss transform
     * (a spec with an untransformed loss yields the raw outputs). {@code version} identifies
     * {@code params} within {@code runId}, so repeated calls on one executor upload them once.
     */
    public static float[] run(String specJson, ComputeSettings compute, int maxRows, String runId, long version,
            float[] params, int n, Packer packer) {
        try (Engine.Worker worker = Engine.get().acquire(specJson, compute, maxRows)) {
            worker.load(runId, version, params);
            NetworkSpec spec = worker.network().spec();
            Batch b = worker.buffer(spec.numericWidth(), spec.embeddings().size(), spec.labelWidth());
            packer.pack(b, n);
            for (int r = 0; r < n; r++) {
                b.rowKeys()[r] = 0;
            }
            float[] out = new float[n * spec.outputWidth()];
            worker.network().predict(b.withRows(n), out);
            return out;
        }
    }
}
