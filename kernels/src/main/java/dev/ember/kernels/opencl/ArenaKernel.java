// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.opencl;

/**
 * The one Aparapi kernel of {@link OpenClBackend}: {@link #run} dispatches on {@link #op} to an
 * element-wise op, a row op or a GEMM (see {@link ArenaState} for why there is a single kernel).
 *
 * <p>GEMM {@code C = alpha·op(A)·B + beta·C} (m = rows, n = cols, k = inner; B row-major k×n, the
 * host transposes a transposed B into scratch first) is register blocked: work-item
 * {@code (bx, by)} computes the 8×8 block of C at rows {@code 8by..}, columns {@code 8bx..}. Per
 * step of k it loads 8 values of A and 8 contiguous values of B and does 64 multiply-adds, all in
 * registers (4 FLOP per float loaded); the 8 contiguous B loads and C stores are what lets the
 * OpenCL compiler turn them into one vector load and vector FMAs on a CPU, and they coalesce on a
 * GPU. On PoCL (AVX2) the 8×8 block measured about 1.5× the GFLOP per CPU-second of a 4×8 block:
 * eight independent accumulator vectors hide the FMA latency that four could not. Blocks that
 * reach past C's edge take a plain per-element path, so the fast loop has no bounds checks.
 */
class ArenaKernel extends RowOps {
    static final int BLOCK_ROWS = 8;
    static final int BLOCK_COLS = 8;
    static final int GROUP_X = 16;
    static final int GROUP_Y = 4;

    ArenaKernel(int arenaFloats, int smallFloats, int largeFloats, int keyCount) {
        super(arenaFloats, smallFloats, largeFloats, keyCount);
    }

    /** Rows and columns of C per GEMM work-item (host side: sizes the launch). */
    int blockRows() {
        return BLOCK_ROWS;
    }

    int blockCols() {
        return BLOCK_COLS;
    }

    /** GEMM work-group shape, in work-items. */
    int groupX() {
        return GROUP_X;
    }

    int groupY() {
        return GROUP_Y;
    }

    @Override
    public void run() {
        int i = getGlobalId(0);
        if (op >= FIRST_GEMM_OP) {
            gemm(i, getGlobalId(1));
        } else if (op >= FIRST_ROW_OP) {
            if (i < items) {
                rowOp(i);
            }
        } else if (op == TRANSPOSE) {
            if (i < items) {
                transposeTile(i);
            }
        } else {
            int start = i * span;
            elementOps(start, Math.min(start + span, items));
        }
    }

    /**
     * Work-item t transposes tile t of the rows×cols tensor at offA into the cols×rows one at offC;
     * tiles are inner×inner, numbered row by row. Tiles of 16 on a CPU device: each row of a tile is
     * one contiguous read, and the 16 destination rows it scatters to stay in the cache until the
     * tile is done (one element per work-item instead writes every destination line 16 times, at
     * different times). Tiles of 1 on a GPU: neighbouring work-items read neighbouring elements.
     */
    private void transposeTile(int t) {
        int tile = inner;
        int r = rows;
        int w = cols;
        int tilesPerRow = (w + tile - 1) / tile;
        int r0 = (t / tilesPerRow) * tile;
        int c0 = (t % tilesPerRow) * tile;
        int rEnd = min(r0 + tile, r);
        int cEnd = min(c0 + tile, w);
        for (int i = r0; i < rEnd; i++) {
            for (int j = c0; j < cEnd; j++) {
                arena[offC + j * r + i] = arena[offA + i * w + j];
            }
        }
    }

    /** The GEMM of work-item (bx, by): one register block of C. */
    void gemm(int bx, int by) {
        // op(A)(i, p) = arena[offA + i·aRow + p·aCol], passed as literals so the compiler sees unit strides
        if (op == GEMM_NN) {
            block(bx, by, inner, 1);
        } else {
            block(bx, by, 1, rows);
        }
    }

    private void block(int bx, int by, int aRow, int aCol) {
        int i0 = by * BLOCK_ROWS;
        int j0 = bx * BLOCK_COLS;
        if (i0 + BLOCK_ROWS <= rows && j0 + BLOCK_COLS <= cols) {
            fullBlock(offA + i0 * aRow, aRow, aCol, offB + j0, offC + i0 * cols + j0);
        } else if (i0 < rows && j0 < cols) {
            edgeBlock(i0, j0, aRow, aCol);
        }
    }

    /** The 8×8 register block; a = A's first row of the block, b = B's first column, c = C's corner. */
    private void fullBlock(int a, int aRow, int aCol, int b, int c) {
        float s00 = 0f, s01 = 0f, s02 = 0f, s03 = 0f, s04 = 0f, s05 = 0f, s06 = 0f, s07 = 0f;
        float s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f, s14 = 0f, s15 = 0f, s16 = 0f, s17 = 0f;
        float s20 = 0f, s21 = 0f, s22 = 0f, s23 = 0f, s24 = 0f, s25 = 0f, s26 = 0f, s27 = 0f;
        float s30 = 0f, s31 = 0f, s32 = 0f, s33 = 0f, s34 = 0f, s35 = 0f, s36 = 0f, s37 = 0f;
        float s40 = 0f, s41 = 0f, s42 = 0f, s43 = 0f, s44 = 0f, s45 = 0f, s46 = 0f, s47 = 0f;
        float s50 = 0f, s51 = 0f, s52 = 0f, s53 = 0f, s54 = 0f, s55 = 0f, s56 = 0f, s57 = 0f;
        float s60 = 0f, s61 = 0f, s62 = 0f, s63 = 0f, s64 = 0f, s65 = 0f, s66 = 0f, s67 = 0f;
        float s70 = 0f, s71 = 0f, s72 = 0f, s73 = 0f, s74 = 0f, s75 = 0f, s76 = 0f, s77 = 0f;
        int depth = inner;
        int ldb = cols;
        for (int p = 0; p < depth; p++) {
            int pa = a + p * aCol;
            int pb = b + p * ldb;
            float y0 = arena[pb];
            float y1 = arena[pb + 1];
            float y2 = arena[pb + 2];
            float y3 = arena[pb + 3];
            float y4 = arena[pb + 4];
            float y5 = arena[pb + 5];
            float y6 = arena[pb + 6];
            float y7 = arena[pb + 7];
            float x0 = arena[pa];
            s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
            s04 += x0 * y4; s05 += x0 * y5; s06 += x0 * y6; s07 += x0 * y7;
            float x1 = arena[pa + aRow];
            s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
            s14 += x1 * y4; s15 += x1 * y5; s16 += x1 * y6; s17 += x1 * y7;
            float x2 = arena[pa + 2 * aRow];
            s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
            s24 += x2 * y4; s25 += x2 * y5; s26 += x2 * y6; s27 += x2 * y7;
            float x3 = arena[pa + 3 * aRow];
            s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
            s34 += x3 * y4; s35 += x3 * y5; s36 += x3 * y6; s37 += x3 * y7;
            float x4 = arena[pa + 4 * aRow];
            s40 += x4 * y0; s41 += x4 * y1; s42 += x4 * y2; s43 += x4 * y3;
            s44 += x4 * y4; s45 += x4 * y5; s46 += x4 * y6; s47 += x4 * y7;
            float x5 = arena[pa + 5 * aRow];
            s50 += x5 * y0; s51 += x5 * y1; s52 += x5 * y2; s53 += x5 * y3;
            s54 += x5 * y4; s55 += x5 * y5; s56 += x5 * y6; s57 += x5 * y7;
            float x6 = arena[pa + 6 * aRow];
            s60 += x6 * y0; s61 += x6 * y1; s62 += x6 * y2; s63 += x6 * y3;
            s64 += x6 * y4; s65 += x6 * y5; s66 += x6 * y6; s67 += x6 * y7;
            float x7 = arena[pa + 7 * aRow];
            s70 += x7 * y0; s71 += x7 * y1; s72 += x7 * y2; s73 += x7 * y3;
            s74 += x7 * y4; s75 += x7 * y5; s76 += x7 * y6; s77 += x7 * y7;
        }
        // fields copied to locals: a store to the arena could alias them for the compiler, which
        // would then reload them after every store and not combine the stores into vector stores
        float al = alpha;
        float be = beta;
        int ld = cols;
        if (be == 0f) {
            arena[c] = al * s00;
            arena[c + 1] = al * s01;
            arena[c + 2] = al * s02;
            arena[c + 3] = al * s03;
            arena[c + 4] = al * s04;
            arena[c + 5] = al * s05;
            arena[c + 6] = al * s06;
            arena[c + 7] = al * s07;
            arena[c + 1 * ld] = al * s10;
            arena[c + 1 * ld + 1] = al * s11;
            arena[c + 1 * ld + 2] = al * s12;
            arena[c + 1 * ld + 3] = al * s13;
            arena[c + 1 * ld + 4] = al * s14;
            arena[c + 1 * ld + 5] = al * s15;
            arena[c + 1 * ld + 6] = al * s16;
            arena[c + 1 * ld + 7] = al * s17;
            arena[c + 2 * ld] = al * s20;
            arena[c + 2 * ld + 1] = al * s21;
            arena[c + 2 * ld + 2] = al * s22;
            arena[c + 2 * ld + 3] = al * s23;
            arena[c + 2 * ld + 4] = al * s24;
            arena[c + 2 * ld + 5] = al * s25;
            arena[c + 2 * ld + 6] = al * s26;
            arena[c + 2 * ld + 7] = al * s27;
            arena[c + 3 * ld] = al * s30;
            arena[c + 3 * ld + 1] = al * s31;
            arena[c + 3 * ld + 2] = al * s32;
            arena[c + 3 * ld + 3] = al * s33;
            arena[c + 3 * ld + 4] = al * s34;
            arena[c + 3 * ld + 5] = al * s35;
            arena[c + 3 * ld + 6] = al * s36;
            arena[c + 3 * ld + 7] = al * s37;
            arena[c + 4 * ld] = al * s40;
            arena[c + 4 * ld + 1] = al * s41;
            arena[c + 4 * ld + 2] = al * s42;
            arena[c + 4 * ld + 3] = al * s43;
            arena[c + 4 * ld + 4] = al * s44;
            arena[c + 4 * ld + 5] = al * s45;
            arena[c + 4 * ld + 6] = al * s46;
            arena[c + 4 * ld + 7] = al * s47;
            arena[c + 5 * ld] = al * s50;
            arena[c + 5 * ld + 1] = al * s51;
            arena[c + 5 * ld + 2] = al * s52;
            arena[c + 5 * ld + 3] = al * s53;
            arena[c + 5 * ld + 4] = al * s54;
            arena[c + 5 * ld + 5] = al * s55;
            arena[c + 5 * ld + 6] = al * s56;
            arena[c + 5 * ld + 7] = al * s57;
            arena[c + 6 * ld] = al * s60;
            arena[c + 6 * ld + 1] = al * s61;
            arena[c + 6 * ld + 2] = al * s62;
            arena[c + 6 * ld + 3] = al * s63;
            arena[c + 6 * ld + 4] = al * s64;
            arena[c + 6 * ld + 5] = al * s65;
            arena[c + 6 * ld + 6] = al * s66;
            arena[c + 6 * ld + 7] = al * s67;
            arena[c + 7 * ld] = al * s70;
            arena[c + 7 * ld + 1] = al * s71;
            arena[c + 7 * ld + 2] = al * s72;
            arena[c + 7 * ld + 3] = al * s73;
            arena[c + 7 * ld + 4] = al * s74;
            arena[c + 7 * ld + 5] = al * s75;
            arena[c + 7 * ld + 6] = al * s76;
            arena[c + 7 * ld + 7] = al * s77;
        } else {
            arena[c] = al * s00 + be * arena[c];
            arena[c + 1] = al * s01 + be * arena[c + 1];
            arena[c + 2] = al * s02 + be * arena[c + 2];
            arena[c + 3] = al * s03 + be * arena[c + 3];
            arena[c + 4] = al * s04 + be * arena[c + 4];
            arena[c + 5] = al * s05 + be * arena[c + 5];
            arena[c + 6] = al * s06 + be * arena[c + 6];
            arena[c + 7] = al * s07 + be * arena[c + 7];
            arena[c + 1 * ld] = al * s10 + be * arena[c + 1 * ld];
            arena[c + 1 * ld + 1] = al * s11 + be * arena[c + 1 * ld + 1];
            arena[c + 1 * ld + 2] = al * s12 + be * arena[c + 1 * ld + 2];
            arena[c + 1 * ld + 3] = al * s13 + be * arena[c + 1 * ld + 3];
            arena[c + 1 * ld + 4] = al * s14 + be * arena[c + 1 * ld + 4];
            arena[c + 1 * ld + 5] = al * s15 + be * arena[c + 1 * ld + 5];
            arena[c + 1 * ld + 6] = al * s16 + be * arena[c + 1 * ld + 6];
            arena[c + 1 * ld + 7] = al * s17 + be * arena[c + 1 * ld + 7];
            arena[c + 2 * ld] = al * s20 + be * arena[c + 2 * ld];
            arena[c + 2 * ld + 1] = al * s21 + be * arena[c + 2 * ld + 1];
            arena[c + 2 * ld + 2] = al * s22 + be * arena[c + 2 * ld + 2];
            arena[c + 2 * ld + 3] = al * s23 + be * arena[c + 2 * ld + 3];
            arena[c + 2 * ld + 4] = al * s24 + be * arena[c + 2 * ld + 4];
            arena[c + 2 * ld + 5] = al * s25 + be * arena[c + 2 * ld + 5];
            arena[c + 2 * ld + 6] = al * s26 + be * arena[c + 2 * ld + 6];
            arena[c + 2 * ld + 7] = al * s27 + be * arena[c + 2 * ld + 7];
            arena[c + 3 * ld] = al * s30 + be * arena[c + 3 * ld];
            arena[c + 3 * ld + 1] = al * s31 + be * arena[c + 3 * ld + 1];
            arena[c + 3 * ld + 2] = al * s32 + be * arena[c + 3 * ld + 2];
            arena[c + 3 * ld + 3] = al * s33 + be * arena[c + 3 * ld + 3];
            arena[c + 3 * ld + 4] = al * s34 + be * arena[c + 3 * ld + 4];
            arena[c + 3 * ld + 5] = al * s35 + be * arena[c + 3 * ld + 5];
            arena[c + 3 * ld + 6] = al * s36 + be * arena[c + 3 * ld + 6];
            arena[c + 3 * ld + 7] = al * s37 + be * arena[c + 3 * ld + 7];
            arena[c + 4 * ld] = al * s40 + be * arena[c + 4 * ld];
            arena[c + 4 * ld + 1] = al * s41 + be * arena[c + 4 * ld + 1];
            arena[c + 4 * ld + 2] = al * s42 + be * arena[c + 4 * ld + 2];
            arena[c + 4 * ld + 3] = al * s43 + be * arena[c + 4 * ld + 3];
            arena[c + 4 * ld + 4] = al * s44 + be * arena[c + 4 * ld + 4];
            arena[c + 4 * ld + 5] = al * s45 + be * arena[c + 4 * ld + 5];
            arena[c + 4 * ld + 6] = al * s46 + be * arena[c + 4 * ld + 6];
            arena[c + 4 * ld + 7] = al * s47 + be * arena[c + 4 * ld + 7];
            arena[c + 5 * ld] = al * s50 + be * arena[c + 5 * ld];
            arena[c + 5 * ld + 1] = al * s51 + be * arena[c + 5 * ld + 1];
            arena[c + 5 * ld + 2] = al * s52 + be * arena[c + 5 * ld + 2];
            arena[c + 5 * ld + 3] = al * s53 + be * arena[c + 5 * ld + 3];
            arena[c + 5 * ld + 4] = al * s54 + be * arena[c + 5 * ld + 4];
            arena[c + 5 * ld + 5] = al * s55 + be * arena[c + 5 * ld + 5];
            arena[c + 5 * ld + 6] = al * s56 + be * arena[c + 5 * ld + 6];
            arena[c + 5 * ld + 7] = al * s57 + be * arena[c + 5 * ld + 7];
            arena[c + 6 * ld] = al * s60 + be * arena[c + 6 * ld];
            arena[c + 6 * ld + 1] = al * s61 + be * arena[c + 6 * ld + 1];
            arena[c + 6 * ld + 2] = al * s62 + be * arena[c + 6 * ld + 2];
            arena[c + 6 * ld + 3] = al * s63 + be * arena[c + 6 * ld + 3];
            arena[c + 6 * ld + 4] = al * s64 + be * arena[c + 6 * ld + 4];
            arena[c + 6 * ld + 5] = al * s65 + be * arena[c + 6 * ld + 5];
            arena[c + 6 * ld + 6] = al * s66 + be * arena[c + 6 * ld + 6];
            arena[c + 6 * ld + 7] = al * s67 + be * arena[c + 6 * ld + 7];
            arena[c + 7 * ld] = al * s70 + be * arena[c + 7 * ld];
            arena[c + 7 * ld + 1] = al * s71 + be * arena[c + 7 * ld + 1];
            arena[c + 7 * ld + 2] = al * s72 + be * arena[c + 7 * ld + 2];
            arena[c + 7 * ld + 3] = al * s73 + be * arena[c + 7 * ld + 3];
            arena[c + 7 * ld + 4] = al * s74 + be * arena[c + 7 * ld + 4];
            arena[c + 7 * ld + 5] = al * s75 + be * arena[c + 7 * ld + 5];
            arena[c + 7 * ld + 6] = al * s76 + be * arena[c + 7 * ld + 6];
            arena[c + 7 * ld + 7] = al * s77 + be * arena[c + 7 * ld + 7];
        }
    }

    /** beta == 0 ignores the old C (NaN included), as the contract says. */
    private void store(int c, float v) {
        arena[c] = beta == 0f ? alpha * v : alpha * v + beta * arena[c];
    }

    /** A block that reaches past C's last row or column: one dot product per valid element. */
    private void edgeBlock(int i0, int j0, int aRow, int aCol) {
        int iEnd = Math.min(i0 + BLOCK_ROWS, rows);
        int jEnd = Math.min(j0 + BLOCK_COLS, cols);
        for (int i = i0; i < iEnd; i++) {
            for (int j = j0; j < jEnd; j++) {
                float s = 0f;
                for (int p = 0; p < inner; p++) {
                    s += arena[offA + i * aRow + p * aCol] * arena[offB + p * cols + j];
                }
                store(offC + i * cols + j, s);
            }
        }
    }
}
