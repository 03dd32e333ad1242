// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.opencl;

import com.aparapi.Kernel;

/**
 * The device-resident state of {@link ArenaKernel}: every array it reads or writes, and the scalar
 * arguments of one launch.
 *
 * <p>Why one kernel owns everything: Aparapi gives each kernel <em>instance</em> its own device copy
 * of each array field, so a tensor handed from one kernel object to another would travel through
 * the host on a discrete GPU. All of a backend's tensors are therefore slices of the single
 * {@link #arena}, and every op is a branch of one kernel chosen by {@link #op}. The arena is put to
 * the device once, at the first launch, and never again: host data enters through the small
 * {@link #stageSmall} / {@link #stageLarge} arrays (put, then copied into the arena on the device)
 * and leaves the same way, so a transfer costs the size of a staging array, not of the arena.
 *
 * <p>Aparapi rules kept here and in the subclasses: flat primitive arrays only, never reassigned
 * after construction (a new array means a new device buffer); no switch, break, lambdas, objects or
 * enhanced for; Kernel's float math (exp, log, ...) so no device needs fp64; every local initialised
 * where it is declared (Aparapi declares a local at its first store, so a first store inside a
 * branch yields OpenCL C that does not compile, which only the device compiler notices).
 *
 * <p>Scalar arguments are generic on purpose (one launch sets only what its op reads); each op's
 * Javadoc in the subclasses says which fields it uses.
 */
abstract class ArenaState extends Kernel {
    // ---- op codes: elementwise and data movement (1D over elements) ----
    static final int COPY_IN_SMALL = 1;
    static final int COPY_IN_LARGE = 2;
    static final int COPY_OUT_SMALL = 3;
    static final int COPY_OUT_LARGE = 4;
    static final int FILL = 5;
    static final int MULTIPLY = 8;
    static final int ADD_ROW_VECTOR = 9;
    static final int COPY_COLUMNS = 10;
    static final int SUM_ROWS = 11;
    static final int ACTIVATE = 12;
    static final int ACTIVATE_BACKWARD = 13;
    static final int DROPOUT = 14;
    static final int GATHER_ROWS = 15;
    static final int SCATTER_ADD_ROWS = 16;
    static final int TRANSPOSE = 17;
    // ---- row ops (1D over rows) ----
    static final int SOFTMAX = 20;
    static final int SOFTMAX_BACKWARD = 22;
    static final int SOFTMAX_CROSS_ENTROPY = 24;
    static final int SIGMOID_BCE = 26;
    static final int MSE = 28;
    static final int L1 = 29;
    static final int HUBER = 30;
    // ---- GEMM (2D over 8×8 blocks of C; B is always k×n, the host transposes a transposed B first) ----
    static final int GEMM_NN = 40;
    static final int GEMM_TN = 41;
    /** First op code of each family: run() dispatches on ranges before the op itself. */
    static final int FIRST_ROW_OP = SOFTMAX;
    static final int FIRST_GEMM_OP = GEMM_NN;

    // ---- activation codes (Activation's order, checked by OpenClBackend.activationCode) ----
    static final int IDENTITY = 0;
    static final int RELU = 1;
    static final int LEAKY_RELU = 2;
    static final int ELU = 3;
    static final int SIGMOID = 4;
    static final int TANH = 5;
    static final int SELU = 6;
    static final int SILU = 7;
    static final int GELU = 8;

    /** Every tensor of the backend; offsets below index into it. */
    final float[] arena;
    /** Host→device and device→host staging, chosen by transfer size. */
    final float[] stageSmall;
    final float[] stageLarge;
    /** Dropout row keys of the current chunk of rows. */
    final long[] keys;

    int op;
    int offA;
    int offB;
    int offC;
    int offD;
    /** Elements (or rows, for row ops) to process; the range is padded to whole work-groups. */
    int items;
    /**
     * Consecutive elements per work-item in element ops: many on a CPU device, where a work-item
     * costs far more than an element and a loop over a chunk vectorises; 1 on a GPU, where
     * neighbouring work-items must touch neighbouring elements for coalesced access.
     */
    int span;
    int rows;
    int cols;
    /** GEMM's k; the row stride of a wider tensor for column-range ops. */
    int inner;
    /** Activation code, or 1 when a loss has sample weights. */
    int code;
    float alpha;
    float beta;
    long seed;

    ArenaState(int arenaFloats, int smallFloats, int largeFloats, int keyCount) {
        arena = new float[arenaFloats];
        stageSmall = new float[smallFloats];
        stageLarge = new float[largeFloats];
        keys = new long[keyCount];
    }
}
