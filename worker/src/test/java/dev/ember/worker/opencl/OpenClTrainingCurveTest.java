// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.kernels.cpu.CpuBackend;
import dev.ember.kernels.opencl.OpenClBackend;
import dev.ember.tensor.Backend;
import dev.ember.tensor.Rng;
import dev.ember.worker.Batch;
import dev.ember.worker.Network;
import dev.ember.worker.NetworkSpec;
import dev.ember.worker.nn.CrossEntropy;
import dev.ember.worker.nn.Dense;
import dev.ember.worker.nn.Dropout;
import dev.ember.worker.nn.Embedding;
import dev.ember.worker.nn.Relu;
import dev.ember.worker.nn.Tanh;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same network trained for {@value #STEPS} Adam steps on {@link CpuBackend} and on
 * {@link OpenClBackend}, from the same initial parameters over the same seeded batches, gives the
 * same loss curve: at every step the mean batch losses differ by at most {@value #CURVE_TOL}.
 *
 * <p>Why that tolerance: the two backends differ only in float32 summation order (OpenBLAS blocks
 * the inner dimension, the device sums it in order; the device's exp and log are a few ulps off
 * Java's), which moves each step's gradient by about 1e-6 relative. Dropout masks are bit-identical
 * (same counter-based draws). Those differences are carried along by training but not amplified
 * much on this well-conditioned problem: on PoCL the curves stayed within 6e-8 of each other (the
 * test prints the figure). The bound leaves a thousandfold margin for devices whose exp, log and
 * FMA contraction differ more (GPUs); a wrong op is far outside it: a lost bias gradient or a
 * different dropout mask moves the loss by 1e-2 or more within a few steps.
 */
class OpenClTrainingCurveTest {
    static final int STEPS = 300;
    static final double CURVE_TOL = 1e-4;
    private static final int ROWS = 4096;
    private static final int BATCH = 64;
    private static final int NUMERIC = 12;
    private static final int CLASSES = 4;
    private static final long SEED = 20240611L;
    private static OpenClBackend device;

    @BeforeAll
    static void open() {
        device = Devices.openFirstOrSkip();
    }

    @AfterAll
    static void close() {
        if (device != null) {
            device.requireRanOnDevice();
            device.close();
        }
    }

    @Test
    void cpuAndOpenClGiveTheSameLossCurve() {
        NetworkSpec spec = new NetworkSpec(NUMERIC, List.of(new Embedding(5, 3)),
                List.of(new Dense(32), new Relu(), new Dropout(0.1f), new Dense(16), new Tanh(), new Dense(CLASSES)),
                new CrossEntropy(), 1);
        double[] cpu;
        try (Backend backend = new CpuBackend(1)) {
            cpu = train(spec, backend);
        }
        double[] cl = train(spec, device);

        double worst = 0;
        int worstStep = 0;
        for (int t = 0; t < STEPS; t++) {
            double d = Math.abs(cpu[t] - cl[t]);
            if (d > worst) {
                worst = d;
                worstStep = t;
            }
        }
        System.out.printf("loss curves over %d Adam steps: cpu %.5f -> %.5f, opencl %.5f -> %.5f, "
                + "largest difference %.2e at step %d%n", STEPS, cpu[0], cpu[STEPS - 1], cl[0], cl[STEPS - 1],
                worst, worstStep);
        assertTrue(worst <= CURVE_TOL, "loss curves differ by " + worst + " at step " + worstStep + " (cpu "
                + cpu[worstStep] + ", opencl " + cl[worstStep] + "); allowed " + CURVE_TOL);
        // the curves must describe learning, or agreeing would say little
        assertTrue(mean(cl, STEPS - 20, STEPS) < 0.6 * mean(cl, 0, 20), "the network did not learn: first steps "
                + mean(cl, 0, 20) + ", last steps " + mean(cl, STEPS - 20, STEPS));
    }

    /** Mean batch loss before each of {@link #STEPS} Adam steps. */
    private static double[] train(NetworkSpec spec, Backend backend) {
        float[] params = new float[spec.layout().total()];
        spec.initialize(params, SEED);
        Adam adam = new Adam(params.length, 3e-3f);
        float[] grad = new float[params.length];
        Batch batch = Batch.allocate(BATCH, NUMERIC, 1, 1).withRows(BATCH);
        double[] curve = new double[STEPS];
        try (Network net = new Network(spec, backend, BATCH)) {
            for (int t = 0; t < STEPS; t++) {
                fill(batch, t);
                net.loadParams(params);
                net.zeroGradient();
                curve[t] = net.accumulateGradient(batch) / BATCH;
                net.readGradient(grad);
                adam.step(params, grad, 1f / BATCH);
            }
        }
        return curve;
    }

    /**
     * Batch t: rows drawn with replacement from a synthetic set of {@link #ROWS} rows. Row i has
     * N(0, 1) features and a category in [0, 5); its class is the argmax of a fixed random linear
     * function of the features plus a per-category offset, so the classes are learnable.
     */
    private static void fill(Batch b, int step) {
        for (int r = 0; r < BATCH; r++) {
            int row = (int) Rng.below(SEED, 10 + step, r, ROWS);
            int category = (int) Rng.below(SEED, 2, row, 5);
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                double score = Rng.normal(SEED, 3, category * CLASSES + c);
                for (int j = 0; j < NUMERIC; j++) {
                    score += Rng.normal(SEED, 4, c * NUMERIC + j) * feature(row, j);
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            for (int j = 0; j < NUMERIC; j++) {
                b.features()[r * NUMERIC + j] = feature(row, j);
            }
            b.categories()[r] = category;
            b.labels()[r] = best;
            b.weights()[r] = 1f;
            b.rowKeys()[r] = (long) step * ROWS + row;
        }
    }

    private static float feature(int row, int j) {
        return (float) Rng.normal(SEED, 1, (long) row * NUMERIC + j);
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    /** Adam (β₁ 0.9, β₂ 0.999, ε 1e-8) with bias correction, on the gradient scaled by {@code scale}. */
    private static final class Adam {
        private final float[] m;
        private final float[] v;
        private final float lr;
        private int t;

        Adam(int size, float lr) {
            this.m = new float[size];
            this.v = new float[size];
            this.lr = lr;
        }

        void step(float[] params, float[] grad, float scale) {
            t++;
            double c1 = 1 - Math.pow(0.9, t);
            double c2 = 1 - Math.pow(0.999, t);
            for (int i = 0; i < params.length; i++) {
                float g = grad[i] * scale;
                m[i] = 0.9f * m[i] + 0.1f * g;
                v[i] = 0.999f * v[i] + 0.001f * g * g;
                params[i] -= (float) (lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
            }
        }
    }
}
