// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.tensor.Activation;
import dev.ember.tensor.ParamLayout;
import dev.ember.worker.nn.ActivationLayer;
import dev.ember.worker.nn.Dense;
import dev.ember.worker.nn.Dropout;
import dev.ember.worker.nn.Embedding;
import dev.ember.worker.nn.Init;
import dev.ember.worker.nn.Layer;
import dev.ember.worker.nn.LeakyRelu;
import dev.ember.worker.nn.Mse;
import dev.ember.worker.nn.Relu;
import dev.ember.worker.nn.Tanh;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Initialiser statistics on a 500 × 400 layer (200 000 draws), checked against the formulas. */
class InitTest {
    private static final int IN = 400;
    private static final int UNITS = 500;

    /** (init, following layer or null, expected variance, uniform bound or 0 for a normal). */
    static Stream<Arguments> cases() {
        double glorot = 2.0 / (IN + UNITS);
        return Stream.of(
                Arguments.of(new Init.GlorotUniform(), null, glorot, Math.sqrt(6.0 / (IN + UNITS))),
                Arguments.of(new Init.GlorotNormal(), new Relu(), glorot, 0.0),
                Arguments.of(new Init.KaimingUniform(), new Relu(), 2.0 / IN, Math.sqrt(2) * Math.sqrt(3.0 / IN)),
                Arguments.of(new Init.KaimingNormal(), new LeakyRelu(0.2f), 2.0 / (1 + 0.04) / IN, 0.0),
                Arguments.of(new Init.KaimingNormal(), new Tanh(), 25.0 / 9 / IN, 0.0),
                Arguments.of(new Init.KaimingUniform(), null, 1.0 / IN, Math.sqrt(3.0 / IN)),
                Arguments.of(new Init.LecunNormal(), new Relu(), 1.0 / IN, 0.0),
                Arguments.of(new Init.Auto(), ActivationLayer.of(Activation.RELU, 0), 2.0 / IN, 0.0),
                Arguments.of(new Init.Auto(), ActivationLayer.of(Activation.GELU, 0), 2.0 / IN, 0.0),
                Arguments.of(new Init.Auto(), ActivationLayer.of(Activation.SILU, 0), 2.0 / IN, 0.0),
                Arguments.of(new Init.Auto(), ActivationLayer.of(Activation.ELU, 1), 2.0 / IN, 0.0),
                Arguments.of(new Init.Auto(), ActivationLayer.of(Activation.SELU, 0), 1.0 / IN, 0.0),
                Arguments.of(new Init.Auto(), ActivationLayer.of(Activation.TANH, 0), glorot,
                        Math.sqrt(6.0 / (IN + UNITS))),
                Arguments.of(new Init.Auto(), ActivationLayer.of(Activation.SIGMOID, 0), glorot,
                        Math.sqrt(6.0 / (IN + UNITS))),
                Arguments.of(new Init.Auto(), null, glorot, Math.sqrt(6.0 / (IN + UNITS))));
    }

    @ParameterizedTest(name = "{0} before {1}")
    @MethodSource("cases")
    void weightsHaveTheFormulasMeanAndVariance(Init init, Layer next, double variance, double bound) {
        List<Layer> layers = new ArrayList<>(List.of(new Dense(UNITS, true, init), new Dropout(0.5f)));
        if (next != null) {
            layers.add(next);
        }
        NetworkSpec spec = new NetworkSpec(IN, List.of(), layers, new Mse(), UNITS);
        float[] params = new float[spec.layout().total()];
        Arrays.fill(params, Float.NaN);
        spec.initialize(params, 42);
        ParamLayout.Slice w = spec.layout().slice("0.weight");
        float[] weights = Arrays.copyOfRange(params, w.offset(), w.offset() + w.size());
        double mean = mean(weights);
        double var = variance(weights, mean);
        assertTrue(Math.abs(mean) < 4 * Math.sqrt(variance / weights.length), "mean " + mean);
        assertEquals(variance, var, 0.02 * variance, "variance");
        if (bound > 0) {
            double max = Arrays.stream(toDoubles(weights)).map(Math::abs).max().orElseThrow();
            assertTrue(max <= bound && max > 0.999 * bound, "uniform bound " + bound + ", max |w| " + max);
        }
        ParamLayout.Slice b = spec.layout().slice("0.bias");
        for (int i = 0; i < b.size(); i++) {
            assertEquals(0f, params[b.offset() + i], "biases start at zero");
        }
    }

    @Test
    void gainsAreCalculateGainsValues() {
        assertEquals(Math.sqrt(2), Init.gain(Activation.RELU, 0), 1e-15);
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Init.gain(Activation.LEAKY_RELU, 0.01f), 1e-9);
        assertEquals(5.0 / 3, Init.gain(Activation.TANH, 0), 1e-15);
        assertEquals(0.75, Init.gain(Activation.SELU, 0), 1e-15);
        assertEquals(1, Init.gain(Activation.SIGMOID, 0), 1e-15);
        assertEquals(1, Init.gain(Activation.IDENTITY, 0), 1e-15);
    }

    @Test
    void sameSeedSameValuesAndEachLayerItsOwnStream() {
        NetworkSpec spec = new NetworkSpec(15, List.of(new Embedding(30, 5)),
                List.of(new Dense(20), new Relu(), new Dense(20), new Relu(), new Dense(1)), new Mse(), 1);
        float[] a = new float[spec.layout().total()];
        float[] b = new float[a.length];
        float[] c = new float[a.length];
        spec.initialize(a, 7);
        spec.initialize(b, 7);
        spec.initialize(c, 8);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c), "another seed gives other values");
        ParamLayout layout = spec.layout();
        float[] first = slice(a, layout.slice("0.weight"));
        float[] second = slice(a, layout.slice("2.weight"));
        assertEquals(first.length, second.length);
        assertFalse(Arrays.equals(first, second), "layers of the same shape draw different values");
    }

    @Test
    void embeddingTablesAreStandardNormal() {
        NetworkSpec spec = new NetworkSpec(0, List.of(new Embedding(1000, 100)), List.of(new Dense(1)), new Mse(), 1);
        float[] params = new float[spec.layout().total()];
        spec.initialize(params, 3);
        float[] table = slice(params, spec.layout().slice("emb0.table"));
        double mean = mean(table);
        assertTrue(Math.abs(mean) < 4 / Math.sqrt(table.length), "mean " + mean);
        assertEquals(1.0, variance(table, mean), 0.02);
    }

    @Test
    void zerosAndConstantFillExactly() {
        NetworkSpec spec = new NetworkSpec(3, List.of(),
                List.of(new Dense(2, false, new Init.Zeros()), new Dense(2, false, new Init.Constant(0.25f))),
                new Mse(), 2);
        float[] params = new float[spec.layout().total()];
        Arrays.fill(params, Float.NaN);
        spec.initialize(params, 1);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0.25f, 0.25f, 0.25f, 0.25f}, params);
    }

    private static float[] slice(float[] params, ParamLayout.Slice s) {
        return Arrays.copyOfRange(params, s.offset(), s.offset() + s.size());
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static double mean(float[] values) {
        return Arrays.stream(toDoubles(values)).average().orElseThrow();
    }

    private static double variance(float[] values, double mean) {
        return Arrays.stream(toDoubles(values)).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
    }
}
