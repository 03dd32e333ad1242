// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.opencl;

import com.aparapi.device.OpenCLDevice;
import dev.ember.tensor.Activation;
import dev.ember.tensor.Backend;
import dev.ember.tensor.LossFunction;
import dev.ember.tensor.Tensor;

/**
 * {@link Backend} on an OpenCL device through Aparapi: every tensor is a slice of one device arena
 * and every op one launch of {@link ArenaKernel} (see {@link DeviceArena} and {@link ArenaState}
 * for why), so weights, activations and gradients stay on the device between ops; only
 * {@link #upload}, {@link #download} and the per-row loss values cross to the host.
 *
 * <p>Creating a backend compiles the kernel (0.7-1.5 s with PoCL, ~0.1 s from its cache) and runs
 * it once, then checks from Aparapi's profile that it really ran on the device: it never falls
 * back to Java threads. Create one per task slot and keep it for the JVM's life (the worker's
 * {@code Engine} caches backends per JVM). One thread at a time per instance.
 *
 * <p>Losses: each work-item computes its row's weighted loss into a staging array; the host gets
 * those {@code n} floats and sums them in double (no device reduction, no atomics, and the sum
 * does not depend on the work-group size). Tensors must be this backend's own (allocate, then
 * upload); a tensor from elsewhere is an {@link IllegalArgumentException}.
 */
public final class OpenClBackend implements Backend {
    /** The first arena: 4 M floats (16 MB); it doubles when full. */
    public static final int DEFAULT_ARENA_FLOATS = 1 << 22;

    private final DeviceArena arena;
    private final String deviceName;
    private final DeviceInfo info;

    /**
     * How GEMM uses the device: {@link #REGISTER_BLOCKED} (8×8 blocks of C per work-item, no local
     * memory: the faster one on CPU devices, whose caches do the tiling) or {@link #LOCAL_TILED}
     * (64×64 tiles of C per work-group staged through local memory: what GPUs need).
     */
    public enum Gemm {
        REGISTER_BLOCKED, LOCAL_TILED;

        /** Local-memory tiles on GPUs and accelerators, register blocks on CPU devices. */
        public static Gemm forDevice(DeviceInfo device) {
            return "CPU".equals(device.type()) ? REGISTER_BLOCKED : LOCAL_TILED;
        }
    }

    private OpenClBackend(OpenCLDevice device, DeviceInfo info, int arenaFloats, Gemm gemm) {
        this.info = info;
        this.arena = new DeviceArena(device, arenaFloats, gemm == Gemm.LOCAL_TILED);
        this.deviceName = device.getName().trim();
    }

    /** A backend on {@code device} with the default first arena size and the device's GEMM. */
    public static OpenClBackend open(DeviceInfo device) {
        return open(device, DEFAULT_ARENA_FLOATS);
    }

    /** A backend on {@code device} whose first arena holds {@code arenaFloats} floats. */
    public static OpenClBackend open(DeviceInfo device, int arenaFloats) {
        return open(device, arenaFloats, Gemm.forDevice(device));
    }

    /** A backend on {@code device} with the given GEMM kernel (tests and benchmarks run both anywhere). */
    public static OpenClBackend open(DeviceInfo device, int arenaFloats, Gemm gemm) {
        // Kernel translation and the driver's compiler are not safe to enter from two tasks at once.
        synchronized (OpenClDevices.class) {
            return new OpenClBackend(OpenClDevices.device(device), device, arenaFloats, gemm);
        }
    }

    /** The OpenCL device this backend runs on, as {@link OpenClDevices#list()} numbers it. */
    public DeviceInfo deviceInfo() {
        return info;
    }

    /** The GEMM kernel this backend runs. */
    public Gemm gemmKernel() {
        return arena.tiledGemm() ? Gemm.LOCAL_TILED : Gemm.REGISTER_BLOCKED;
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String device() {
        return deviceName;
    }

    /** Forgets every tensor this backend allocated, keeping the compiled kernel and its buffers. */
    public void reset() {
        arena.reset();
    }

    /** Kernel launches since this backend was opened, transfers included (each costs 25-80 µs on PoCL). */
    public long launches() {
        return arena.launches();
    }

    /** Checks from Aparapi's profile that the last launch ran on this backend's device. */
    public void requireRanOnDevice() {
        arena.requireRanOnDevice();
    }

    @Override
    public Tensor allocate(int rows, int cols) {
        return arena.allocate(rows, cols);
    }

    @Override
    public void upload(float[] src, int srcOffset, Tensor dst) {
        arena.upload(src, srcOffset, arena.offset(dst), dst.size());
    }

    @Override
    public void download(Tensor src, float[] dst, int dstOffset) {
        arena.download(arena.offset(src), src.size(), dst, dstOffset);
    }

    private ArenaKernel k() {
        return arena.kernel();
    }

    private int off(Tensor t) {
        return arena.offset(t);
    }

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int m = transA ? a.cols() : a.rows();
        int depth = transA ? a.rows() : a.cols();
        int n = transB ? b.rows() : b.cols();
        int depthB = transB ? b.cols() : b.rows();
        if (depth != depthB || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shapes do not match: op(A) " + m + "×" + depth + ", op(B) "
                    + depthB + "×" + n + ", C " + c.shape());
        }
        if (m == 0 || n == 0) {
            return;
        }
        int offB = off(b);
        if (transB) {
            int scratch = arena.scratch(b.size());
            k().offA = offB;
            k().offC = scratch;
            k().rows = b.rows();
            k().cols = b.cols();
            arena.launchTranspose(b.rows(), b.cols());
            offB = scratch;
        }
        ArenaKernel k = k();
        k.offA = off(a);
        k.offB = offB;
        k.offC = off(c);
        k.rows = m;
        k.cols = n;
        k.inner = depth;
        k.alpha = alpha;
        k.beta = beta;
        arena.launchGemm(transA ? ArenaState.GEMM_TN : ArenaState.GEMM_NN, m, n);
    }

    @Override
    public void addRowVector(Tensor x, Tensor bias) {
        k().offC = off(x);
        k().offB = off(bias);
        k().cols = x.cols();
        arena.launch(ArenaState.ADD_ROW_VECTOR, x.size());
    }

    @Override
    public void sumRows(Tensor x, float beta, Tensor out) {
        k().offA = off(x);
        k().offC = off(out);
        k().rows = x.rows();
        k().cols = x.cols();
        k().beta = beta;
        arena.launch(ArenaState.SUM_ROWS, x.cols());
    }

    @Override
    public void fill(Tensor x, float value) {
        arena.fill(off(x), x.size(), value);
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        k().offA = off(a);
        k().offB = off(b);
        k().offC = off(out);
        arena.launch(ArenaState.MULTIPLY, a.size());
    }

    @Override
    public void copyColumns(Tensor src, Tensor dst, int dstCol) {
        k().offA = off(src);
        k().offC = off(dst) + dstCol;
        k().cols = src.cols();
        k().inner = dst.cols();
        arena.launch(ArenaState.COPY_COLUMNS, src.size());
    }

    @Override
    public void activate(Activation f, float alpha, Tensor x, Tensor y) {
        k().offA = off(x);
        k().offC = off(y);
        k().code = activationCode(f);
        k().alpha = alpha;
        arena.launch(ArenaState.ACTIVATE, x.size());
    }

    @Override
    public void activateBackward(Activation f, float alpha, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        k().offA = off(x);
        k().offB = off(y);
        k().offC = off(dy);
        k().offD = off(dx);
        k().code = activationCode(f);
        k().alpha = alpha;
        arena.launch(ArenaState.ACTIVATE_BACKWARD, x.size());
    }

    /** The kernel's code for {@code f}; a new Activation must get a branch in ElementOps too. */
    static int activationCode(Activation f) {
        return switch (f) {
            case IDENTITY -> ArenaState.IDENTITY;
            case RELU -> ArenaState.RELU;
            case LEAKY_RELU -> ArenaState.LEAKY_RELU;
            case ELU -> ArenaState.ELU;
            case SIGMOID -> ArenaState.SIGMOID;
            case TANH -> ArenaState.TANH;
            case SELU -> ArenaState.SELU;
            case SILU -> ArenaState.SILU;
            case GELU -> ArenaState.GELU;
        };
    }

    private void rowOp(int op, Tensor a, Tensor b, Tensor out) {
        k().offA = off(a);
        k().offB = b == null ? 0 : off(b);
        k().offC = off(out);
        k().cols = a.cols();
        arena.launch(op, a.rows());
    }

    @Override
    public void softmax(Tensor logits, Tensor probs) {
        rowOp(ArenaState.SOFTMAX, logits, null, probs);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        rowOp(ArenaState.SOFTMAX_BACKWARD, y, dy, dx);
    }

    @Override
    public double loss(LossFunction f, float param, Tensor pred, Tensor targets, Tensor weights, Tensor grad) {
        return loss(lossCode(f), pred, targets, weights, grad, param);
    }

    /** The kernel's op for {@code f}; a new LossFunction must get a branch in RowOps too. */
    static int lossCode(LossFunction f) {
        return switch (f) {
            case CROSS_ENTROPY -> ArenaState.SOFTMAX_CROSS_ENTROPY;
            case BCE_WITH_LOGITS -> ArenaState.SIGMOID_BCE;
            case MSE -> ArenaState.MSE;
            case L1 -> ArenaState.L1;
            case HUBER -> ArenaState.HUBER;
        };
    }

    /** Runs a loss op over chunks of rows that fit the small stage; returns Σᵣ wᵣ·ℓᵣ. */
    private double loss(int op, Tensor pred, Tensor target, Tensor weights, Tensor grad, float param) {
        int cols = pred.cols();
        int targetCols = target.rows() == pred.rows() ? target.cols() : 1;
        double total = 0;
        for (int r0 = 0; r0 < pred.rows(); r0 += DeviceArena.SMALL_STAGE) {
            int rows = Math.min(DeviceArena.SMALL_STAGE, pred.rows() - r0);
            ArenaKernel k = k();
            k.offA = off(pred) + r0 * cols;
            k.offB = off(target) + r0 * targetCols;
            k.offC = off(grad) + r0 * cols;
            k.offD = weights == null ? 0 : off(weights) + r0;
            k.code = weights == null ? 0 : 1;
            k.cols = cols;
            k.alpha = param;
            arena.launch(op, rows);
            total += arena.sumRowLosses(rows);
        }
        return total;
    }

    @Override
    public void dropout(Tensor x, Tensor y, Tensor mask, float p, long seed, long[] rowKeys) {
        int cols = x.cols();
        ArenaKernel k = k();
        for (int r0 = 0; r0 < x.rows(); r0 += DeviceArena.KEY_CHUNK) {
            int rows = Math.min(DeviceArena.KEY_CHUNK, x.rows() - r0);
            System.arraycopy(rowKeys, r0, k.keys, 0, rows);
            k.put(k.keys);
            k.offA = off(x) + r0 * cols;
            k.offC = off(y) + r0 * cols;
            k.offD = off(mask) + r0 * cols;
            k.cols = cols;
            k.seed = seed;
            k.alpha = 1f / (1f - p);
            k.beta = p;
            arena.launch(ArenaState.DROPOUT, rows * cols);
        }
    }

    @Override
    public void gatherRows(Tensor table, Tensor idx, Tensor out, int outCol) {
        k().offA = off(table);
        k().offB = off(idx);
        k().offC = off(out) + outCol;
        k().cols = table.cols();
        k().inner = out.cols();
        arena.launch(ArenaState.GATHER_ROWS, idx.size() * table.cols());
    }

    @Override
    public void scatterAddRows(Tensor dOut, int outCol, Tensor idx, Tensor dTable) {
        k().offA = off(dOut) + outCol;
        k().offB = off(idx);
        k().offC = off(dTable);
        k().rows = idx.size();
        k().cols = dTable.cols();
        k().inner = dOut.cols();
        arena.launch(ArenaState.SCATTER_ADD_ROWS, dTable.cols());
    }

    @Override
    public void close() {
        arena.close();
    }
}
