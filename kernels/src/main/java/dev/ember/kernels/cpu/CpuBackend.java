// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import dev.ember.tensor.Activation;
import dev.ember.tensor.Backend;
import dev.ember.tensor.LossFunction;
import dev.ember.tensor.Tensor;
import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fast host backend. GEMM takes the fastest path measured on the project's machines: OpenBLAS
 * (or whichever native BLAS netlib's JNI binding loaded) when present, else {@link VectorGemm},
 * a blocked Vector API kernel on the threads this backend is given. Every other op is a tight
 * loop on the calling thread (they are memory-bound and small next to GEMM).
 *
 * <p>Path choice: {@link GemmPath#AUTO} (native when it loaded), or forced by the constructor or
 * by {@code -Dember.cpu.gemm=java|native|auto}. The native library's thread count is fixed when
 * it loads, by {@code OPENBLAS_NUM_THREADS} (process-wide); the {@code threads} argument sizes
 * the Java path only. Tensors are plain host arrays: any host tensor is accepted.
 */
public final class CpuBackend implements Backend {
    /** Which GEMM implementation to use. */
    public enum GemmPath { AUTO, JAVA, NATIVE }

    /** System property that overrides {@link GemmPath#AUTO}: {@code java}, {@code native} or {@code auto}. */
    public static final String GEMM_PROPERTY = "ember.cpu.gemm";
    private static final System.Logger LOG = System.getLogger(CpuBackend.class.getName());
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private final Workers workers;
    private final VectorGemm vectorGemm;
    private final BlasGemm blasGemm;
    private final String device;

    /** A backend on {@code threads} threads, with the GEMM path from {@link #GEMM_PROPERTY} (default auto). */
    public CpuBackend(int threads) {
        this(threads, pathFromProperty());
    }

    private static GemmPath pathFromProperty() {
        String value = System.getProperty(GEMM_PROPERTY, "auto");
        try {
            return GemmPath.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "-D" + GEMM_PROPERTY + " must be java, native or auto, got '" + value + "'", e);
        }
    }

    public CpuBackend(int threads, GemmPath path) {
        this.workers = new Workers(threads);
        Optional<BLAS> nativeBlas = path == GemmPath.JAVA ? Optional.empty() : BlasGemm.loadNative();
        if (path == GemmPath.NATIVE && nativeBlas.isEmpty()) {
            workers.close();
            throw new IllegalStateException("CpuBackend: GEMM path NATIVE was requested but netlib found no native "
                    + "BLAS (install libopenblas0-pthread, and let java.io.tmpdir allow exec)");
        }
        this.blasGemm = nativeBlas.map(BlasGemm::new).orElse(null);
        this.vectorGemm = blasGemm == null ? new VectorGemm(workers) : null;
        this.device = blasGemm == null
                ? "CPU, " + threads + " threads, GEMM: Vector API (" + MicroKernel.SPECIES + ")"
                : "CPU, GEMM: native BLAS " + blasGemm.implementation() + " over " + BlasGemm.loadedLibraries()
                        + " (threads from OPENBLAS_NUM_THREADS=" + System.getenv("OPENBLAS_NUM_THREADS") + ")";
        if (LOGGED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, "Ember CpuBackend: " + device);
        }
    }

    /** {@code "native"} when GEMM runs in a native BLAS, {@code "vector-api"} for the Java kernel. */
    public String gemmPath() {
        return blasGemm != null ? "native" : "vector-api";
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public Tensor allocate(int rows, int cols) {
        return Tensor.zeros(rows, cols);
    }

    @Override
    public void upload(float[] src, int srcOffset, Tensor dst) {
        System.arraycopy(src, srcOffset, dst.data(), dst.offset(), dst.size());
    }

    @Override
    public void download(Tensor src, float[] dst, int dstOffset) {
        System.arraycopy(src.data(), src.offset(), dst, dstOffset, src.size());
    }

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        if (blasGemm != null) {
            blasGemm.gemm(transA, transB, alpha, a, b, beta, c);
        } else {
            vectorGemm.gemm(transA, transB, alpha, a, b, beta, c);
        }
    }

    @Override
    public void addRowVector(Tensor x, Tensor bias) {
        Elementwise.addRowVector(x, bias);
    }

    @Override
    public void sumRows(Tensor x, float beta, Tensor out) {
        Elementwise.sumRows(x, beta, out);
    }

    @Override
    public void fill(Tensor x, float value) {
        Arrays.fill(x.data(), x.offset(), x.offset() + x.size(), value);
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        Elementwise.multiply(a, b, out);
    }

    @Override
    public void copyColumns(Tensor src, Tensor dst, int dstCol) {
        for (int r = 0; r < src.rows(); r++) {
            System.arraycopy(src.data(), src.offset() + r * src.cols(), dst.data(),
                    dst.offset() + r * dst.cols() + dstCol, src.cols());
        }
    }

    @Override
    public void activate(Activation f, float alpha, Tensor x, Tensor y) {
        Activations.forward(f, alpha, x, y);
    }

    @Override
    public void activateBackward(Activation f, float alpha, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        Activations.backward(f, alpha, x, y, dy, dx);
    }

    @Override
    public void softmax(Tensor logits, Tensor probs) {
        Softmax.softmax(logits, probs);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        Softmax.softmaxBackward(y, dy, dx);
    }

    @Override
    public double loss(LossFunction f, float param, Tensor pred, Tensor targets, Tensor weights, Tensor grad) {
        return switch (f) {
            case CROSS_ENTROPY -> Losses.softmaxCrossEntropy(pred, targets, weights, grad);
            case BCE_WITH_LOGITS -> Losses.sigmoidBinaryCrossEntropy(pred, targets, weights, grad);
            case MSE -> RegressionLosses.mse(pred, targets, weights, grad);
            case L1 -> RegressionLosses.l1(pred, targets, weights, grad);
            case HUBER -> RegressionLosses.huber(pred, targets, param, weights, grad);
        };
    }

    @Override
    public void dropout(Tensor x, Tensor y, Tensor mask, float p, long seed, long[] rowKeys) {
        Elementwise.dropout(x, y, mask, p, seed, rowKeys);
    }

    @Override
    public void gatherRows(Tensor table, Tensor idx, Tensor out, int outCol) {
        int width = table.cols();
        for (int r = 0; r < idx.size(); r++) {
            int row = (int) idx.at(r);
            System.arraycopy(table.data(), table.offset() + row * width, out.data(),
                    out.offset() + r * out.cols() + outCol, width);
        }
    }

    @Override
    public void scatterAddRows(Tensor dOut, int outCol, Tensor idx, Tensor dTable) {
        int width = dTable.cols();
        float[] d = dTable.data();
        float[] g = dOut.data();
        for (int r = 0; r < idx.size(); r++) {
            int dst = dTable.offset() + (int) idx.at(r) * width;
            int src = dOut.offset() + r * dOut.cols() + outCol;
            for (int j = 0; j < width; j++) {
                d[dst + j] += g[src + j];
            }
        }
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        workers.close();
    }
}
