// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.tensor.ReferenceBackend;
import dev.ember.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The dropout layer on its own, on a {@link ReferenceBackend}. */
class DropoutTest {
    private static final int WIDTH = 40;

    /** Runs the layer on rows of ones with the given keys; returns y (row-major). */
    private static float[] apply(Dropout layer, int layerIndex, boolean training, long... rowKeys) {
        int n = rowKeys.length;
        Tensor x = Tensor.zeros(n, WIDTH);
        Arrays.fill(x.data(), 1f);
        LayerTensors t = new LayerTensors(x, Tensor.zeros(n, WIDTH), Tensor.zeros(n, WIDTH), Tensor.zeros(n, WIDTH))
                .dropout(Tensor.zeros(n, WIDTH), Dropout.seedFor(layerIndex));
        t.bind(n, training, rowKeys);
        layer.forward(new ReferenceBackend(), t);
        return t.y().toArray();
    }

    private static float[] row(float[] y, int r) {
        return Arrays.copyOfRange(y, r * WIDTH, (r + 1) * WIDTH);
    }

    @Test
    void zeroProbabilityIsTheIdentity() {
        float[] y = apply(new Dropout(0f), 0, true, 1, 2, 3);
        float[] ones = new float[y.length];
        Arrays.fill(ones, 1f);
        assertArrayEquals(ones, y);
    }

    @Test
    void evaluationModeDropsNothing() {
        float[] y = apply(new Dropout(0.9f), 0, false, 1, 2, 3);
        float[] ones = new float[y.length];
        Arrays.fill(ones, 1f);
        assertArrayEquals(ones, y);
    }

    @Test
    void aRowsMaskDependsOnItsKeyNotItsPosition() {
        Dropout layer = new Dropout(0.5f);
        float[] first = apply(layer, 3, true, 11, 22, 33);
        float[] second = apply(layer, 3, true, 33, 44, 11);
        assertArrayEquals(row(first, 0), row(second, 2), "key 11");
        assertArrayEquals(row(first, 2), row(second, 0), "key 33");
        assertFalse(Arrays.equals(row(first, 0), row(first, 1)), "different keys, different masks");
    }

    @Test
    void layersAtDifferentIndicesDrawDifferentMasks() {
        Dropout layer = new Dropout(0.5f);
        assertFalse(Arrays.equals(apply(layer, 1, true, 5), apply(layer, 2, true, 5)));
    }

    @Test
    void keepsTheExpectedFractionScaledByOneOverKeep() {
        float p = 0.3f;
        long[] keys = new long[500];
        for (int r = 0; r < keys.length; r++) {
            keys[r] = 7_000_000L + r;
        }
        float[] y = apply(new Dropout(p), 0, true, keys);
        int kept = 0;
        for (float v : y) {
            if (v != 0f) {
                assertEquals(1f / (1f - p), v, "a kept unit is scaled by 1/(1-p)");
                kept++;
            }
        }
        double fraction = (double) kept / y.length;
        double sigma = Math.sqrt(p * (1 - p) / y.length);
        assertTrue(Math.abs(fraction - (1 - p)) < 4 * sigma, "kept fraction " + fraction);
    }

    @Test
    void backwardMultipliesByTheSameMask() {
        int n = 4;
        Tensor x = Tensor.zeros(n, WIDTH);
        Arrays.fill(x.data(), 2f);
        Tensor dy = Tensor.zeros(n, WIDTH);
        Arrays.fill(dy.data(), 3f);
        Tensor dx = Tensor.zeros(n, WIDTH);
        LayerTensors t = new LayerTensors(x, Tensor.zeros(n, WIDTH), dx, dy).dropout(Tensor.zeros(n, WIDTH), 9);
        t.bind(n, true, new long[] {1, 2, 3, 4});
        Dropout layer = new Dropout(0.4f);
        ReferenceBackend backend = new ReferenceBackend();
        layer.forward(backend, t);
        layer.backward(backend, t);
        for (int i = 0; i < n * WIDTH; i++) {
            assertEquals(t.y().at(i) * 1.5f, dx.at(i), 1e-6f, "dx = dy ⊙ m where y = x ⊙ m, dy = 1.5 x");
        }
    }
}
