// SPDX-License-Identifier: Apache-2.0
package dev.ember.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The oracle runs the conformance suite against itself (which checks the suite's own machinery:
 * views, padding, aliasing), and pins known values that do not come from any implementation.
 */
class ReferenceBackendTest extends BackendConformance {
    private final ReferenceBackend ref = new ReferenceBackend();

    @Override
    protected Backend newBackend() {
        return new ReferenceBackend();
    }

    private float activate(Activation f, float alpha, float x) {
        Tensor t = Tensor.of(1, 1, x);
        ref.activate(f, alpha, t, t);
        return t.at(0);
    }

    @ParameterizedTest(name = "{0}({2}) = {3}")
    @CsvSource({
        "IDENTITY, 0, -3.5, -3.5",
        "RELU, 0, -1, 0",
        "RELU, 0, 2, 2",
        "LEAKY_RELU, 0.01, -2, -0.02",
        "ELU, 1, -1, -0.6321205588285577",
        "SIGMOID, 0, 0, 0.5",
        "SIGMOID, 0, 2, 0.8807970779778823",
        "TANH, 0, 0.5, 0.46211715726000974",
        "SELU, 0, -1, -1.1113307378125628",
        "SELU, 0, 2, 2.101401974710961",
        "SILU, 0, 1, 0.7310585786300049",
        "GELU, 0, 1, 0.8413447460685429",
        "GELU, 0, -1, -0.15865525393145707",
    })
    void activationsMatchTheirFormulaAtChosenPoints(Activation f, float alpha, float x, double expected) {
        assertEquals(expected, activate(f, alpha, x), 1e-6, f + "(" + x + ")");
    }

    @ParameterizedTest(name = "{0}'({2}) = {3}")
    @CsvSource({
        "RELU, 0, 0, 0",
        "LEAKY_RELU, 0.1, -1, 0.1",
        "SIGMOID, 0, 0, 0.25",
        "TANH, 0, 0, 1",
        "GELU, 0, 0, 0.5",
        "SILU, 0, 0, 0.5",
        "ELU, 2, -1, 0.7357588823428847",
    })
    void derivativesMatchTheirFormulaAtChosenPoints(Activation f, double alpha, double x, double expected) {
        assertEquals(expected, f.derivative(x, alpha), 1e-6, f + "'(" + x + ")");
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void derivativeMatchesCentralDifferences(Activation f) {
        double h = 1e-5;
        for (double x = -3.05; x < 3; x += 0.25) {
            double numeric = (f.apply(x + h, 0.3) - f.apply(x - h, 0.3)) / (2 * h);
            assertEquals(numeric, f.derivative(x, 0.3), 1e-5, f + "'(" + x + ")");
        }
    }

    @ParameterizedTest(name = "erf({0}) = {1}")
    @CsvSource({"0, 0", "0.5, 0.5204998778130465", "1, 0.8427007929497149", "-1, -0.8427007929497149",
        "2, 0.9953222650189527", "-3, -0.9999779095030014"})
    void erfMatchesTabulatedValues(double x, double expected) {
        assertEquals(expected, Activation.erf(x), 2e-7, "erf(" + x + ")");
    }

    @Test
    void crossEntropyStaysFiniteForHugeLogits() {
        Tensor logits = Tensor.of(2, 2, 1000f, -1000f, -1000f, 1000f);
        Tensor grad = Tensor.zeros(2, 2);
        double loss = ref.loss(LossFunction.CROSS_ENTROPY, 0f, logits, Tensor.of(2, 1, 1f, 1f), null, grad);
        assertEquals(2000.0, loss, 1e-9, "row 0 is wrong by 2000 nats, row 1 right");
        assertArrayEquals(new float[] {1f, -1f, 0f, 0f}, grad.toArray(), 1e-6f);
    }

    @Test
    void softmaxRowsSumToOne() {
        Tensor z = new ConformanceFixture(ref, 7).uniform(5, 13, -30, 30);
        Tensor p = Tensor.zeros(5, 13);
        ref.softmax(z, p);
        for (int r = 0; r < 5; r++) {
            double sum = 0;
            for (int c = 0; c < 13; c++) {
                assertTrue(p.get(r, c) >= 0, "probabilities are non-negative");
                sum += p.get(r, c);
            }
            assertEquals(1.0, sum, 1e-6, "row " + r);
        }
    }

    @Test
    void gemmOfSmallKnownMatrices() {
        Tensor a = Tensor.of(2, 3, 1, 2, 3, 4, 5, 6);
        Tensor b = Tensor.of(3, 2, 7, 8, 9, 10, 11, 12);
        Tensor c = Tensor.of(2, 2, 1, 1, 1, 1);
        ref.gemm(false, false, 2f, a, b, 1f, c);
        assertArrayEquals(new float[] {117, 129, 279, 309}, c.toArray());
        Tensor at = Tensor.of(3, 2, 1, 4, 2, 5, 3, 6);
        ref.gemm(true, false, 1f, at, b, 0f, c);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c.toArray());
    }

    @Test
    void mseOfKnownValues() {
        Tensor grad = Tensor.zeros(1, 2);
        double loss = ref.loss(LossFunction.MSE, 0f, Tensor.of(1, 2, 1f, 3f), Tensor.of(1, 2, 0f, 1f),
                Tensor.of(1, 1, 2f), grad);
        assertEquals(5.0, loss, 1e-12, "2 · (1² + 2²) / 2");
        assertArrayEquals(new float[] {2f, 4f}, grad.toArray());
    }
}
