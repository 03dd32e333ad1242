// SPDX-License-Identifier: Apache-2.0
package dev.ember.tensor;

import static dev.ember.tensor.ConformanceFixture.PAD;
import static dev.ember.tensor.ConformanceFixture.nan;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link Backend} must meet, checked against {@link ReferenceBackend} on random
 * data: a backend's test extends this class and implements {@link #newBackend()}. Every method of
 * {@code Backend} is exercised (the ops in {@link OpConformance}, the losses here), on awkward
 * shapes (1×1, 3×1000, 1000×3, sizes that are multiples of no block size), in place where the
 * contract allows aliasing, and on views at an offset into larger allocations. Tensors go in
 * through {@code allocate}/{@code upload} and come back through {@code download} (see
 * {@link ConformanceFixture}), so a device backend runs the same suite.
 *
 * <p>Tolerances ({@code ref} is the reference's value):
 * <ul>
 *   <li>GEMM: {@code |got − ref| ≤ 1e-5·√k·S}, where {@code S = |α|·Σₚ|aᵢₚ·bₚⱼ| + |β·cᵢⱼ|} is the
 *       size of the summed terms, so cancellation never demands digits float cannot hold;</li>
 *   <li>element-wise ops, activations, softmax and loss gradients: {@code 1e-6 + 1e-5·|ref|};</li>
 *   <li>column sums over n rows of values in [−1, 1]: {@code 1e-7·n + 1e-5·|ref|} (a float
 *       running sum rounds n times);</li>
 *   <li>returned loss values (weighted sums over rows): {@code 1e-5 + 1e-5·|ref|};</li>
 *   <li>bit for bit: fill, multiply, copyColumns, gatherRows, dropout masks and outputs
 *       (the same {@code Rng.uniform(seed, rowKeys[r], c) < p} draws as the reference).</li>
 * </ul>
 */
public abstract class BackendConformance extends OpConformance {

    /** A fresh instance of the backend under test; the suite closes it after each test. */
    @Override
    protected abstract Backend newBackend();

    static Stream<Arguments> lossShapes() {
        return Stream.of(Arguments.of(1, 1, PAD), Arguments.of(17, 10, 0), Arguments.of(1000, 3, PAD),
                Arguments.of(3, 1000, 0));
    }

    /** Runs a loss with weights and with {@code weights == null}; t = {input, target, weights, grad}. */
    private void checkLoss(LossFunction f, float param, int pad, Tensor input, Tensor target) {
        int rows = input.rows();
        Tensor weights = fx.weights(rows);
        for (boolean weighted : new boolean[] {false, true}) {
            check(f + (weighted ? " weighted" : " unweighted") + " " + input.shape(), ELEMENTWISE, pad,
                    (b, t) -> b.loss(f, param, t[0], t[1], weighted ? t[2] : null, t[3]),
                    input, target, weights, nan(rows, input.cols()));
        }
    }

    @ParameterizedTest(name = "{0}×{1}")
    @MethodSource("lossShapes")
    void classificationLossMatchesReference(int rows, int cols, int pad) {
        Tensor logits = fx.uniform(rows, cols, -10, 10);
        logits.data()[0] = 1000f;
        Tensor labels = fx.labels(rows, cols);
        checkLoss(LossFunction.CROSS_ENTROPY, 0f, pad, logits, labels);
    }

    @ParameterizedTest(name = "{0}×{1}")
    @MethodSource("lossShapes")
    void binaryLossMatchesReference(int rows, int cols, int pad) {
        Tensor targets = fx.uniform(rows, cols, 0, 1);
        for (int i = 0; i < targets.size(); i += 2) {
            targets.data()[i] = Math.round(targets.data()[i]);
        }
        Tensor logits = fx.uniform(rows, cols, -20, 20);
        checkLoss(LossFunction.BCE_WITH_LOGITS, 0f, pad, logits, targets);
    }

    @ParameterizedTest(name = "{0}×{1}")
    @MethodSource("lossShapes")
    void regressionLossesMatchReference(int rows, int cols, int pad) {
        Tensor pred = fx.uniform(rows, cols, -2, 2);
        Tensor targets = fx.uniform(rows, cols, -2, 2);
        for (int i = 0; i < pred.size(); i += 9) {
            targets.data()[i] = pred.data()[i];
        }
        checkLoss(LossFunction.MSE, 0f, pad, pred, targets);
        checkLoss(LossFunction.L1, 0f, pad, pred, targets);
        checkLoss(LossFunction.HUBER, 0.7f, pad, pred, targets);
    }
}
