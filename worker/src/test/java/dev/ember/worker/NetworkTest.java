// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.kernels.cpu.CpuBackend;
import dev.ember.tensor.Backend;
import dev.ember.tensor.ReferenceBackend;
import dev.ember.worker.nn.BceWithLogits;
import dev.ember.worker.nn.CrossEntropy;
import dev.ember.worker.nn.Dense;
import dev.ember.worker.nn.Dropout;
import dev.ember.worker.nn.Embedding;
import dev.ember.worker.nn.Init;
import dev.ember.worker.nn.Layer;
import dev.ember.worker.nn.Loss;
import dev.ember.worker.nn.Mse;
import dev.ember.worker.nn.Relu;
import dev.ember.worker.nn.Tanh;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTest {

    private static final NetworkSpec WITH_DROPOUT = new NetworkSpec(3, List.of(new Embedding(6, 2)),
            List.of(new Dense(5), new Relu(), new Dropout(0.4f), new Dense(3)), new CrossEntropy(), 1);

    private static float[] params(NetworkSpec spec, long seed) {
        float[] p = new float[spec.layout().total()];
        spec.initialize(p, seed);
        return p;
    }

    private static float[] gradient(Network net, Batch... batches) {
        net.zeroGradient();
        for (Batch b : batches) {
            net.accumulateGradient(b);
        }
        float[] g = new float[net.spec().layout().total()];
        net.readGradient(g);
        return g;
    }

    /** The picked rows of {@code b}, in that order, as a new batch (keys travel with their rows). */
    private static Batch rows(NetworkSpec spec, Batch b, int... picks) {
        int k = spec.embeddings().size();
        Batch out = Batch.allocate(picks.length, spec.numericWidth(), k, spec.labelWidth()).withRows(picks.length);
        for (int i = 0; i < picks.length; i++) {
            int r = picks[i];
            System.arraycopy(b.features(), r * spec.numericWidth(), out.features(), i * spec.numericWidth(),
                    spec.numericWidth());
            System.arraycopy(b.categories(), r * k, out.categories(), i * k, k);
            System.arraycopy(b.labels(), r * spec.labelWidth(), out.labels(), i * spec.labelWidth(), spec.labelWidth());
            out.weights()[i] = b.weights()[r];
            out.rowKeys()[i] = b.rowKeys()[r];
        }
        return out;
    }

    private static void assertClose(float[] expected, float[] actual, float tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance * (1 + Math.abs(expected[i])), "element " + i);
        }
    }

    @Test
    void microBatchesInAnyOrderSumToTheFullBatchGradientDropoutIncluded() {
        Batch full = TestData.batch(WITH_DROPOUT, 8, 5, true);
        try (Network net = new Network(WITH_DROPOUT, new ReferenceBackend(), 8)) {
            net.loadParams(params(WITH_DROPOUT, 1));
            float[] whole = gradient(net, full);
            float[] split = gradient(net, rows(WITH_DROPOUT, full, 6, 2, 7), rows(WITH_DROPOUT, full, 0, 5, 1, 3, 4));
            assertClose(whole, split, 1e-5f);
            assertTrue(net.accumulateGradient(full) > 0);
        }
    }

    @Test
    void accumulateAddsAndZeroGradientClears() {
        Batch batch = TestData.batch(WITH_DROPOUT, 4, 2, false);
        try (Network net = new Network(WITH_DROPOUT, new ReferenceBackend(), 4)) {
            net.loadParams(params(WITH_DROPOUT, 3));
            float[] once = gradient(net, batch);
            float[] twice = gradient(net, batch, batch);
            for (int i = 0; i < once.length; i++) {
                assertEquals(2 * once[i], twice[i], 1e-5f * (1 + Math.abs(once[i])));
            }
            net.zeroGradient();
            float[] zero = new float[once.length];
            net.readGradient(zero);
            assertArrayEquals(new float[once.length], zero);
        }
    }

    @Test
    void aWeightOfTwoCountsLikeTheRowTwice() {
        Batch batch = TestData.batch(WITH_DROPOUT, 3, 4, false);
        Batch doubled = rows(WITH_DROPOUT, batch, 0, 1, 2);
        doubled.weights()[1] = 2f;
        try (Network net = new Network(WITH_DROPOUT, new ReferenceBackend(), 4)) {
            net.loadParams(params(WITH_DROPOUT, 5));
            float[] weighted = gradient(net, doubled);
            float[] repeated = gradient(net, rows(WITH_DROPOUT, batch, 0, 1, 2, 1));
            assertClose(repeated, weighted, 1e-5f);
            assertEquals(net.loss(rows(WITH_DROPOUT, batch, 0, 1, 2, 1)), net.loss(doubled), 1e-5);
        }
    }

    @Test
    void evaluationAppliesNoDropout() {
        List<Layer> plain = List.of(new Dense(5), new Relu(), new Dense(3));
        NetworkSpec noDropout = new NetworkSpec(3, WITH_DROPOUT.embeddings(), plain, new CrossEntropy(), 1);
        Batch batch = TestData.batch(WITH_DROPOUT, 6, 8, true);
        float[] p = params(WITH_DROPOUT, 9);
        assertEquals(noDropout.layout().total(), p.length, "dropout has no parameters, so the layouts line up");
        try (Network a = new Network(WITH_DROPOUT, new ReferenceBackend(), 6);
             Network b = new Network(noDropout, new ReferenceBackend(), 6)) {
            a.loadParams(p);
            b.loadParams(p);
            assertEquals(b.loss(batch), a.loss(batch), 0);
            float[] pa = new float[18];
            float[] pb = new float[18];
            a.predict(batch, pa);
            b.predict(batch, pb);
            assertArrayEquals(pb, pa);
            a.zeroGradient();
            assertNotEquals(b.loss(batch), a.accumulateGradient(batch), "training mode does drop units");
        }
    }

    @Test
    void oneEvaluationPassGivesExactlyTheLossAndThePredictions() {
        NetworkSpec binary = new NetworkSpec(3, WITH_DROPOUT.embeddings(),
                List.of(new Dense(4), new Tanh(), new Dropout(0.3f), new Dense(2)), new BceWithLogits(), 2);
        NetworkSpec regression = new NetworkSpec(3, List.of(), List.of(new Dense(4), new Relu(), new Dense(2)),
                new Mse(), 2);
        for (NetworkSpec spec : List.of(WITH_DROPOUT, binary, regression)) {
            for (Backend backend : List.<Backend>of(new ReferenceBackend(), new CpuBackend(1))) {
                Batch batch = TestData.batch(spec, 7, 21, true);
                try (Network net = new Network(spec, backend, 7)) {
                    net.loadParams(params(spec, 22));
                    float[] predicted = new float[7 * spec.outputWidth()];
                    net.predict(batch, predicted);
                    double loss = net.loss(batch);
                    float[] evaluated = new float[7 * spec.outputWidth()];
                    assertEquals(loss, net.evaluate(batch, evaluated), 0, spec.loss() + " on " + backend.name());
                    assertArrayEquals(predicted, evaluated, spec.loss() + " on " + backend.name());
                }
            }
        }
    }

    @Test
    void predictAppliesTheLossesOutputTransform() {
        assertPredictions(new CrossEntropy(), List.of(new Dense(4)), 1);
        assertPredictions(new BceWithLogits(), List.of(new Dense(2)), 2);
        assertPredictions(new Mse(), List.of(new Dense(2), new Tanh()), 2);
    }

    private static void assertPredictions(Loss loss, List<Layer> layers, int labelWidth) {
        NetworkSpec spec = new NetworkSpec(3, List.of(), layers, loss, labelWidth);
        int n = 5;
        int width = spec.outputWidth();
        Batch batch = TestData.batch(spec, n, 11, false);
        try (Network net = new Network(spec, new ReferenceBackend(), n)) {
            net.loadParams(params(spec, 12));
            float[] out = new float[n * width];
            net.predict(batch, out);
            for (int r = 0; r < n; r++) {
                double sum = 0;
                for (int c = 0; c < width; c++) {
                    float v = out[r * width + c];
                    sum += v;
                    if (loss instanceof Mse) {
                        assertTrue(v > -1 && v < 1, "tanh output " + v);
                    } else {
                        assertTrue(v > 0 && v < 1, loss + " gives a probability, got " + v);
                    }
                }
                if (loss.classLabels()) {
                    assertEquals(1.0, sum, 1e-5, "class probabilities sum to one");
                }
            }
        }
    }

    @Test
    void denseOutputVariancesAreTheVariancesOfEachDenseOutput() {
        NetworkSpec spec = new NetworkSpec(2, List.of(), List.of(new Dense(2), new Relu(), new Dense(1)), new Mse(), 1);
        // 0.weight = [[1, 0], [0, 2]], 0.bias = [0, 1]; 2.weight = [[1, -1]], 2.bias = [0]
        float[] p = {1, 0, 0, 2, 0, 1, 1, -1, 0};
        Batch batch = Batch.allocate(2, 2, 0, 1).withRows(2);
        System.arraycopy(new float[] {1, 1, -1, 3}, 0, batch.features(), 0, 4);
        try (Network net = new Network(spec, new ReferenceBackend(), 2)) {
            net.loadParams(p);
            // layer 0 outputs [1, 3] and [-1, 7]: mean 2.5, variance (2.25 + 0.25 + 12.25 + 20.25) / 4
            // layer 2 sees relu: [1, 3] and [0, 7], outputs -2 and -7: variance 6.25
            assertArrayEquals(new double[] {8.75, 6.25}, net.denseOutputVariances(batch), 1e-6);
        }
    }

    @Test
    void crossEntropyOfHugeLogitsIsFinite() {
        NetworkSpec spec = new NetworkSpec(1, List.of(), List.of(new Dense(2, false, Init.auto())),
                new CrossEntropy(), 1);
        Batch batch = Batch.allocate(2, 1, 0, 1).withRows(2);
        batch.features()[0] = 1;
        batch.features()[1] = 1;
        batch.labels()[0] = 0;    // right: logit 1000 against -1000, loss 0
        batch.labels()[1] = 1;    // wrong: log(e^1000 + e^-1000) + 1000 = 2000
        batch.weights()[0] = 1;
        batch.weights()[1] = 1;
        try (Network net = new Network(spec, new ReferenceBackend(), 2)) {
            net.loadParams(new float[] {1000, -1000});
            net.zeroGradient();
            assertEquals(2000.0, net.accumulateGradient(batch), 1e-9);
            float[] g = new float[2];
            net.readGradient(g);
            // row 1: softmax − onehot(1) = (1, −1), times x = 1; row 0 contributes (0, 0)
            assertArrayEquals(new float[] {1, -1}, g, 0f);
        }
    }

    @Test
    void badBatchesFailWithTheRowAndTheValue() {
        NetworkSpec spec = WITH_DROPOUT;
        try (Network net = new Network(spec, new ReferenceBackend(), 4)) {
            net.loadParams(params(spec, 1));
            Batch big = TestData.batch(spec, 5, 1, false);
            assertEquals("batch of 5 rows exceeds the network's maxRows 4",
                    assertThrows(IllegalArgumentException.class, () -> net.loss(big)).getMessage());
            Batch badLabel = TestData.batch(spec, 3, 1, false);
            badLabel.labels()[2] = 3;
            assertEquals("label of batch row 2 is 3.0, expected a class index in [0, 3)",
                    assertThrows(IllegalArgumentException.class, () -> net.loss(badLabel)).getMessage());
            Batch badCategory = TestData.batch(spec, 3, 1, false);
            badCategory.categories()[1] = 6;
            assertEquals("categorical column 0 of batch row 1 is 6.0, expected an index in [0, 6)",
                    assertThrows(IllegalArgumentException.class, () -> net.predict(badCategory, new float[9]))
                            .getMessage());
            assertThrows(IllegalArgumentException.class, () -> net.loadParams(new float[3]));
            net.close();
            assertThrows(IllegalStateException.class, net::zeroGradient);
        }
    }
}
