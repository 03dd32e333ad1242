// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.kernels.opencl.OpenClBackend;
import dev.ember.tensor.Backend;
import dev.ember.tensor.ReferenceBackend;
import dev.ember.worker.Batch;
import dev.ember.worker.GradientCheck;
import dev.ember.worker.Network;
import dev.ember.worker.NetworkSpec;
import dev.ember.worker.TestData;
import dev.ember.worker.nn.BceWithLogits;
import dev.ember.worker.nn.CrossEntropy;
import dev.ember.worker.nn.Dense;
import dev.ember.worker.nn.Dropout;
import dev.ember.worker.nn.Embedding;
import dev.ember.worker.nn.Gelu;
import dev.ember.worker.nn.Huber;
import dev.ember.worker.nn.Relu;
import dev.ember.worker.nn.Tanh;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole networks on {@link OpenClBackend}: the analytic gradient of {@link Network#accumulateGradient}
 * equals the {@link ReferenceBackend} network's, and matches central differences of the OpenCL
 * network's own loss ({@link GradientCheck}).
 *
 * <p>Agreement with the reference: both store float32 activations; the reference accumulates dot
 * products in double, the device in float over at most 13 terms here, so gradients differ by a few
 * float ulps of the largest term, below {@code 1e-5 + 1e-4·|g|}. A wrong op (a lost bias term, a
 * different dropout mask, a transposed GEMM) differs by the size of the gradient itself.
 */
class OpenClNetworkGradientTest {
    private static final double ABS_TOL = 1e-5;
    private static final double REL_TOL = 1e-4;
    private static final int ROWS = 6;
    private static OpenClBackend device;

    @BeforeAll
    static void open() {
        device = Devices.openFirstOrSkip();
    }

    @AfterEach
    void freeTensors() {
        device.reset();
    }

    @AfterAll
    static void close() {
        if (device != null) {
            device.requireRanOnDevice();
            device.close();
        }
    }

    static Stream<Arguments> networks() {
        NetworkSpec classifier = new NetworkSpec(3, List.of(new Embedding(5, 2), new Embedding(3, 3)),
                List.of(new Dense(8), new Relu(), new Dense(7), new Tanh(), new Dropout(0.25f), new Dense(6),
                        new Gelu(), new Dense(4)), new CrossEntropy(), 1);
        NetworkSpec regression = new NetworkSpec(4, List.of(),
                List.of(new Dense(6), new Tanh(), new Dense(5), new Gelu(), new Dense(2)), new Huber(1f), 2);
        NetworkSpec binary = new NetworkSpec(3, List.of(new Embedding(4, 2)),
                List.of(new Dense(6), new Relu(), new Dense(1)), new BceWithLogits(), 1);
        return Stream.of(Arguments.of("classifier: embeddings, relu/tanh/gelu, dropout, softmax CE", classifier, 11L),
                Arguments.of("regression: tanh/gelu, Huber", regression, 12L),
                Arguments.of("binary: embedding, relu, weighted BCE with logits", binary, 13L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void gradientMatchesTheReferenceAndFiniteDifferences(String name, NetworkSpec spec, long seed) {
        boolean weighted = spec.loss() instanceof BceWithLogits;
        Batch batch = TestData.batch(spec, ROWS, seed, weighted);
        float[] params = new float[spec.layout().total()];
        spec.initialize(params, seed);
        float[] expected = new float[params.length];
        double expectedLoss;
        try (Backend reference = new ReferenceBackend()) {
            expectedLoss = gradient(spec, reference, params, batch, expected);
        }
        float[] actual = new float[params.length];
        double loss = gradient(spec, device, params, batch, actual);

        assertEquals(expectedLoss, loss, ABS_TOL + REL_TOL * Math.abs(expectedLoss), name + ": loss");
        for (int i = 0; i < params.length; i++) {
            double tol = ABS_TOL + REL_TOL * Math.max(Math.abs(expected[i]), Math.abs(actual[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol, name + ": gradient[" + i + "] "
                    + actual[i] + " on OpenCL, " + expected[i] + " on the reference backend");
        }
        try (Network net = new Network(spec, device, ROWS)) {
            GradientCheck.assertMatches(name + " on OpenCL", params, actual, () -> {
                net.loadParams(params);
                return net.accumulateGradient(batch);
            });
        }
    }

    /** The summed gradient of one batch into {@code out}; returns the weighted loss sum. */
    private static double gradient(NetworkSpec spec, Backend backend, float[] params, Batch batch, float[] out) {
        try (Network net = new Network(spec, backend, ROWS)) {
            net.loadParams(params);
            net.zeroGradient();
            double loss = net.accumulateGradient(batch);
            net.readGradient(out);
            return loss;
        }
    }
}
