// SPDX-License-Identifier: Apache-2.0
package dev.ember.tensor;

import static dev.ember.tensor.ConformanceFixture.PAD;
import static dev.ember.tensor.ConformanceFixture.copy;
import static dev.ember.tensor.ConformanceFixture.nan;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The op half of {@link BackendConformance}: linear algebra, activations, softmax, dropout and
 * embeddings, plus the fixture and the compare-with-the-reference machinery. Tolerances are
 * listed on {@link BackendConformance}.
 */
public abstract class OpConformance {
    protected static final double[] ELEMENTWISE = {1e-6, 1e-5};
    protected static final double[] EXACT = {0, 0};
    private static final double[] LOSS_VALUE = {1e-5, 1e-5};
    private static final float ALPHA = 0.7f;

    protected ConformanceFixture fx;
    protected final Backend reference = new ReferenceBackend();

    /** A fresh instance of the backend under test. */
    protected abstract Backend newBackend();

    /** An op run identically on both backends over the same tensors; returns a loss or 0. */
    @FunctionalInterface
    protected interface Op {
        double run(Backend b, Tensor[] t);
    }

    @BeforeEach
    void openBackend() {
        fx = new ConformanceFixture(newBackend(), 20240611L);
    }

    @AfterEach
    void closeBackend() {
        try {
            fx.assertPaddingUntouched();
        } finally {
            fx.backend().close();
        }
    }

    /** Shapes for element-wise ops, with the padding before each view (0 = start of the allocation). */
    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(1, 1, PAD), Arguments.of(3, 1000, PAD), Arguments.of(1000, 3, 0),
                Arguments.of(1, 1000, PAD), Arguments.of(17, 33, 0), Arguments.of(129, 17, PAD));
    }

    /**
     * Runs {@code op} on the backend under test and on the reference over copies of {@code host},
     * then compares every tensor (inputs must come back unchanged, outputs must match) and the
     * returned value.
     */
    protected void check(String what, double[] tol, int pad, Op op, Tensor... host) {
        Tensor[] ref = new Tensor[host.length];
        Tensor[] dev = new Tensor[host.length];
        for (int i = 0; i < host.length; i++) {
            ref[i] = copy(host[i]);
            dev[i] = fx.put(host[i], pad);
        }
        double want = op.run(reference, ref);
        double got = op.run(fx.backend(), dev);
        for (int i = 0; i < host.length; i++) {
            ConformanceFixture.assertClose(what + ", tensor " + i, ref[i], fx.get(dev[i]), tol[0], tol[1]);
        }
        if (!(Math.abs(got - want) <= LOSS_VALUE[0] + LOSS_VALUE[1] * Math.abs(want))) {
            fail(what + ": returned " + got + ", reference " + want);
        }
    }

    // ---- linear algebra ----

    static Stream<Arguments> gemmShapes() {
        return Stream.of(Arguments.of(1, 1, 1), Arguments.of(3, 1000, 17), Arguments.of(1000, 3, 33),
                Arguments.of(1, 1000, 129), Arguments.of(1000, 1, 17), Arguments.of(17, 33, 129),
                Arguments.of(129, 17, 33), Arguments.of(33, 129, 1000), Arguments.of(64, 100, 78));
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("gemmShapes")
    void gemmMatchesReferenceInAllTransposeForms(int m, int n, int k) {
        float[][] alphaBeta = {{1f, 0f}, {-0.5f, 1f}, {1.5f, 0.25f}};
        int form = 0;
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                float[] ab = alphaBeta[form % alphaBeta.length];
                checkGemm(m, n, k, transA, transB, ab[0], ab[1], form % 2 == 0 ? PAD : 0);
                checkGemm(m, n, k, transA, transB, ab[0] == 1f ? 2f : 1f, 0f, PAD);
                form++;
            }
        }
    }

    /**
     * Checks one GEMM against the reference: A is {@code k × m} when transposed, else {@code m × k};
     * with {@code beta == 0}, C starts as NaN, which the backend must ignore.
     */
    protected void checkGemm(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta,
            int pad) {
        Tensor a = transA ? fx.uniform(k, m, -1, 1) : fx.uniform(m, k, -1, 1);
        Tensor b = transB ? fx.uniform(n, k, -1, 1) : fx.uniform(k, n, -1, 1);
        Tensor c0 = beta == 0 ? nan(m, n) : fx.uniform(m, n, -1, 1);
        Tensor want = copy(c0);
        reference.gemm(transA, transB, alpha, a, b, beta, want);
        Tensor c = fx.put(c0, pad);
        fx.backend().gemm(transA, transB, alpha, fx.put(a, pad), fx.put(b, pad), beta, c);
        Tensor got = fx.get(c);
        String form = (transA ? "T" : "N") + (transB ? "T" : "N");
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double scale = beta == 0 ? 0 : Math.abs((double) beta * c0.get(i, j));
                for (int p = 0; p < k; p++) {
                    float av = transA ? a.get(p, i) : a.get(i, p);
                    float bv = transB ? b.get(j, p) : b.get(p, j);
                    scale += Math.abs((double) alpha * av * bv);
                }
                double err = Math.abs((double) got.get(i, j) - want.get(i, j));
                if (!(err <= 1e-5 * Math.sqrt(k) * scale)) {
                    fail("gemm " + form + " " + m + "×" + n + "×" + k + " alpha=" + alpha + " beta=" + beta
                            + " pad=" + pad + ": C(" + i + ", " + j + ") = " + got.get(i, j) + ", reference "
                            + want.get(i, j) + ", allowed error " + 1e-5 * Math.sqrt(k) * scale);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}×{1} pad {2}")
    @MethodSource("shapes")
    void addRowVectorAndSumRowsMatchReference(int rows, int cols, int pad) {
        Tensor x = fx.uniform(rows, cols, -1, 1);
        check("addRowVector", ELEMENTWISE, pad, (b, t) -> {
            b.addRowVector(t[0], t[1]);
            return 0;
        }, x, fx.uniform(1, cols, -1, 1));
        double[] sumTol = {1e-7 * rows, 1e-5};
        check("sumRows beta=0 over NaN", sumTol, pad, (b, t) -> {
            b.sumRows(t[0], 0f, t[1]);
            return 0;
        }, x, nan(1, cols));
        for (float beta : new float[] {1f, 0.5f}) {
            check("sumRows beta=" + beta, sumTol, pad, (b, t) -> {
                b.sumRows(t[0], beta, t[1]);
                return 0;
            }, x, fx.uniform(1, cols, -1, 1));
        }
    }

    @ParameterizedTest(name = "{0}×{1} pad {2}")
    @MethodSource("shapes")
    void vectorOpsMatchReference(int rows, int cols, int pad) {
        Tensor x = fx.uniform(rows, cols, -3, 3);
        Tensor y = fx.uniform(rows, cols, -3, 3);
        check("fill", EXACT, pad, (b, t) -> {
            b.fill(t[0], -2.5f);
            return 0;
        }, nan(rows, cols));
        check("multiply", EXACT, pad, (b, t) -> {
            b.multiply(t[0], t[1], t[2]);
            return 0;
        }, x, y, nan(rows, cols));
        check("multiply into its first input", EXACT, pad, (b, t) -> {
            b.multiply(t[0], t[1], t[0]);
            return 0;
        }, x, y);
    }

    @ParameterizedTest(name = "dstCol {0}")
    @ValueSource(ints = {0, 5, 13})
    void copyColumnsPlacesSourceInsideWiderTensor(int dstCol) {
        check("copyColumns", EXACT, PAD, (b, t) -> {
            b.copyColumns(t[0], t[1], dstCol);
            return 0;
        }, fx.uniform(17, 4, -1, 1), fx.uniform(17, 17, -1, 1));
    }

    // ---- activations and softmax ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void activationForwardAndBackwardMatchReference(Activation f) {
        shapes().forEach(args -> {
            int rows = (int) args.get()[0];
            int cols = (int) args.get()[1];
            int pad = (int) args.get()[2];
            Tensor x = fx.uniform(rows, cols, -6, 6);
            for (int i = 0; i < x.size(); i += 7) {
                x.data()[i] = 0f;
            }
            Tensor y = nan(rows, cols);
            reference.activate(f, ALPHA, x, y);
            String what = f + " " + rows + "×" + cols;
            check(what + " forward", ELEMENTWISE, pad, (b, t) -> {
                b.activate(f, ALPHA, t[0], t[1]);
                return 0;
            }, x, nan(rows, cols));
            check(what + " forward in place", ELEMENTWISE, pad, (b, t) -> {
                b.activate(f, ALPHA, t[0], t[0]);
                return 0;
            }, x);
            Tensor dy = fx.uniform(rows, cols, -1, 1);
            check(what + " backward", ELEMENTWISE, pad, (b, t) -> {
                b.activateBackward(f, ALPHA, t[0], t[1], t[2], t[3]);
                return 0;
            }, x, y, dy, nan(rows, cols));
            check(what + " backward in place", ELEMENTWISE, pad, (b, t) -> {
                b.activateBackward(f, ALPHA, t[0], t[1], t[2], t[2]);
                return 0;
            }, x, y, dy);
        });
    }

    static List<Activation> activations() {
        return List.of(Activation.values());
    }

    /** Softmax shapes; one row of ±1000 logits checks the max subtraction. */
    private Tensor logits(int rows, int cols) {
        Tensor z = fx.uniform(rows, cols, -10, 10);
        for (int c = 0; c < cols; c++) {
            z.data()[c] = c % 2 == 0 ? 1000f - c : -1000f;
        }
        return z;
    }

    @ParameterizedTest(name = "{0}×{1} pad {2}")
    @MethodSource("shapes")
    void softmaxMatchesReference(int rows, int cols, int pad) {
        Tensor z = logits(rows, cols);
        Tensor y = nan(rows, cols);
        reference.softmax(z, y);
        Tensor dy = fx.uniform(rows, cols, -1, 1);
        check("softmax", ELEMENTWISE, pad, (b, t) -> {
            b.softmax(t[0], t[1]);
            return 0;
        }, z, nan(rows, cols));
        check("softmax in place", ELEMENTWISE, pad, (b, t) -> {
            b.softmax(t[0], t[0]);
            return 0;
        }, z);
        check("softmaxBackward", ELEMENTWISE, pad, (b, t) -> {
            b.softmaxBackward(t[0], t[1], t[2]);
            return 0;
        }, y, dy, nan(rows, cols));
        check("softmaxBackward in place", ELEMENTWISE, pad, (b, t) -> {
            b.softmaxBackward(t[0], t[1], t[1]);
            return 0;
        }, y, dy);
    }

    // ---- regularisation and embeddings ----

    @ParameterizedTest(name = "p={0}")
    @ValueSource(floats = {0f, 0.3f, 0.5f, 0.9f})
    void dropoutMasksAreBitIdenticalToReference(float p) {
        for (int[] shape : new int[][] {{17, 33}, {3, 1000}, {1, 1}}) {
            int rows = shape[0];
            int cols = shape[1];
            long seed = fx.nextLong();
            long[] rowKeys = new long[rows];
            for (int r = 0; r < rows; r++) {
                rowKeys[r] = r % 3 == 0 ? r : fx.nextLong();
            }
            Tensor x = fx.uniform(rows, cols, -2, 2);
            check("dropout " + rows + "×" + cols, EXACT, PAD, (b, t) -> {
                b.dropout(t[0], t[1], t[2], p, seed, rowKeys);
                return 0;
            }, x, nan(rows, cols), nan(rows, cols));
            check("dropout in place " + rows + "×" + cols, EXACT, 0, (b, t) -> {
                b.dropout(t[0], t[0], t[1], p, seed, rowKeys);
                return 0;
            }, x, nan(rows, cols));
        }
    }

    @Test
    void gatherAndScatterAddHandleRepeatedIndices() {
        int n = 40;
        float[] idx = new float[n];
        for (int r = 0; r < n; r++) {
            idx[r] = (r * 5 + r / 3) % 7;
        }
        idx[1] = idx[0];
        Tensor indices = Tensor.wrap(idx, n, 1);
        check("gatherRows", EXACT, PAD, (b, t) -> {
            b.gatherRows(t[0], t[1], t[2], 3);
            return 0;
        }, fx.uniform(7, 5, -1, 1), indices, fx.uniform(n, 9, -1, 1));
        check("scatterAddRows", ELEMENTWISE, PAD, (b, t) -> {
            b.scatterAddRows(t[0], 3, t[1], t[2]);
            return 0;
        }, fx.uniform(n, 9, -1, 1), indices, fx.uniform(7, 5, -1, 1));
    }

    @Test
    void backendNamesItself() {
        Backend b = fx.backend();
        assertTrue(b.name() != null && !b.name().isBlank(), "name() must be non-blank");
        assertTrue(b.device() != null && !b.device().isBlank(), "device() must be non-blank");
    }
}
