// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import dev.ember.kernels.Backends;
import dev.ember.tensor.Backend;
import dev.ember.tensor.Rng;
import java.util.Arrays;

/**
 * Times one forward + backward pass of a network on a backend, for {@code backend: auto}'s choice
 * between CpuBackend and OpenCL on a CPU device: a synthetic micro-batch of the task's size (random
 * features, class 0 or target 0, category 0, weight 1: every loss accepts it), one warm-up pass, then
 * the median of {@value #REPEATS} passes. The network is built on the backend and dropped; the
 * backend is left for the caller.
 */
final class StepProbe implements Backends.Probe {
    private static final int REPEATS = 5;
    private static final int MAX_ROWS = 256;

    private final NetworkSpec spec;
    private final int rows;
    private final String key;

    StepProbe(NetworkSpec spec, String specJson, int maxRows) {
        this.spec = spec;
        this.rows = Math.max(1, Math.min(maxRows, MAX_ROWS));
        this.key = specJson + "|" + rows;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public double millisPerStep(Backend backend) {
        float[] params = new float[spec.layout().total()];
        spec.initialize(params, 1);
        Batch batch = Batch.allocate(rows, spec.numericWidth(), spec.embeddings().size(), spec.labelWidth())
                .withRows(rows);
        for (int i = 0; i < rows * spec.numericWidth(); i++) {
            batch.features()[i] = (float) Rng.normal(1, 0, i);
        }
        Arrays.fill(batch.weights(), 0, rows, 1f);
        for (int r = 0; r < rows; r++) {
            batch.rowKeys()[r] = r;
        }
        try (Network net = new Network(spec, backend, rows)) {
            net.loadParams(params);
            net.zeroGradient();
            net.accumulateGradient(batch);
            double[] ms = new double[REPEATS];
            for (int i = 0; i < REPEATS; i++) {
                long t0 = System.nanoTime();
                net.accumulateGradient(batch);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            return ms[REPEATS / 2];
        }
    }
}
