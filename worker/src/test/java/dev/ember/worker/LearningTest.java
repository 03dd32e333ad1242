// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.tensor.ReferenceBackend;
import dev.ember.tensor.Rng;
import dev.ember.worker.nn.BceWithLogits;
import dev.ember.worker.nn.Dense;
import dev.ember.worker.nn.Mse;
import dev.ember.worker.nn.Tanh;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Small networks learn with plain mini-batch SGD written here, {@code θ ← θ − lr·g/Σw}, where
 * {@code g} is the summed gradient of {@link Network#accumulateGradient}: the driver's update in
 * miniature.
 */
class LearningTest {
    /** The standard deviation of U(-3, 3): inputs are standardised, as the driver does. */
    private static final float STD = (float) Math.sqrt(3);

    /** One SGD step over a batch; returns the batch's mean loss before the step. */
    private static double sgdStep(Network net, float[] params, float[] grad, Batch batch, float lr) {
        net.loadParams(params);
        net.zeroGradient();
        double lossSum = net.accumulateGradient(batch);
        net.readGradient(grad);
        double weightSum = 0;
        for (int r = 0; r < batch.n(); r++) {
            weightSum += batch.weights()[r];
        }
        for (int i = 0; i < params.length; i++) {
            params[i] -= (float) (lr * grad[i] / weightSum);
        }
        return lossSum / weightSum;
    }

    @Test
    void learnsXor() {
        NetworkSpec spec = new NetworkSpec(2, List.of(), List.of(new Dense(8), new Tanh(), new Dense(1)),
                new BceWithLogits(), 1);
        Batch batch = Batch.allocate(4, 2, 0, 1).withRows(4);
        float[][] xs = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        float[] ys = {0, 1, 1, 0};
        for (int r = 0; r < 4; r++) {
            batch.features()[2 * r] = xs[r][0];
            batch.features()[2 * r + 1] = xs[r][1];
            batch.labels()[r] = ys[r];
            batch.weights()[r] = 1;
            batch.rowKeys()[r] = r;
        }
        float[] params = new float[spec.layout().total()];
        spec.initialize(params, 2024);
        float[] grad = new float[params.length];
        try (Network net = new Network(spec, new ReferenceBackend(), 4)) {
            for (int step = 0; step < 1000; step++) {
                sgdStep(net, params, grad, batch, 1.0f);
            }
            net.loadParams(params);
            double meanLoss = net.loss(batch) / 4;
            assertTrue(meanLoss < 0.05, "XOR mean BCE after 1000 steps: " + meanLoss);
            float[] p = new float[4];
            net.predict(batch, p);
            for (int r = 0; r < 4; r++) {
                assertEquals(ys[r], p[r] > 0.5f ? 1f : 0f, "XOR" + java.util.Arrays.toString(xs[r]) + " -> " + p[r]);
            }
        }
    }

    @Test
    void fitsSineOnMinusThreeToThree() {
        NetworkSpec spec = new NetworkSpec(1, List.of(),
                List.of(new Dense(24), new Tanh(), new Dense(24), new Tanh(), new Dense(1)), new Mse(), 1);
        int rows = 128;
        int batchSize = 16;
        float[] xs = new float[rows];
        for (int i = 0; i < rows; i++) {
            xs[i] = -3f + 6f * i / (rows - 1);
        }
        Batch batch = Batch.allocate(batchSize, 1, 0, 1).withRows(batchSize);
        float[] params = new float[spec.layout().total()];
        spec.initialize(params, 7);
        float[] grad = new float[params.length];
        try (Network net = new Network(spec, new ReferenceBackend(), rows)) {
            for (int epoch = 0; epoch < 300; epoch++) {
                for (int start = 0; start < rows; start += batchSize) {
                    for (int r = 0; r < batchSize; r++) {
                        int row = (int) Rng.below(99, epoch, start + r, rows);   // sample with replacement
                        batch.features()[r] = xs[row] / STD;
                        batch.labels()[r] = (float) Math.sin(xs[row]);
                        batch.weights()[r] = 1;
                        batch.rowKeys()[r] = row;
                    }
                    sgdStep(net, params, grad, batch, 0.3f);
                }
            }
            double mse = gridError(net, params);
            // sin has variance 1/2 on this grid: an MSE below 0.005 explains over 99% of it
            assertTrue(mse < 5e-3, "sine MSE on a 128-point grid after 300 epochs: " + mse);
        }
    }

    /** Mean squared error of the network against sin on 128 evenly spaced points of [-3, 3]. */
    private static double gridError(Network net, float[] params) {
        int n = 128;
        Batch grid = Batch.allocate(n, 1, 0, 1).withRows(n);
        for (int i = 0; i < n; i++) {
            float x = -3f + 6f * (i + 0.5f) / n;
            grid.features()[i] = x / STD;
            grid.labels()[i] = (float) Math.sin(x);
            grid.weights()[i] = 1;
        }
        net.loadParams(params);
        return net.loss(grid) / n;
    }
}
