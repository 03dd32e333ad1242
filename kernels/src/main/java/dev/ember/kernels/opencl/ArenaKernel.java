// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.opencl;

/**
 * The one Aparapi kernel of {@link OpenClBackend}: {@link #run} dispatches on {@link #op} to an
 * element-wise op, a row op or a GEMM (see {@link ArenaState} for why there is a single kernel).
 *
 * <p>GEMM {@code C = alpha·op(A)·B + beta·C} (m = rows, n = cols, k = inner; B row-major k×n, the
 * host transposes a transposed B into scratch first) is register blocked: work-item
 * {@code (bx, by)} computes the 4×8 block of C at rows {@code 4by..}, columns {@code 8bx..}. Per
 * step of k it loads 4 values of A and 8 contiguous values of B and does 32 multiply-adds, all in
 * registers; the 8 contiguous B loads and C stores are what lets the OpenCL compiler turn them into
 * one vector load and vector FMAs on a CPU, and they coalesce on a GPU. Blocks that reach past C's
 * edge take a plain per-element path, so the fast loop has no bounds checks.
 */
final class ArenaKernel extends RowOps {
    static final int BLOCK_ROWS = 4;
    static final int BLOCK_COLS = 8;

    ArenaKernel(int arenaFloats, int smallFloats, int largeFloats, int keyCount) {
        super(arenaFloats, smallFloats, largeFloats, keyCount);
    }

    @Override
    public void run() {
        int i = getGlobalId(0);
        if (op >= FIRST_GEMM_OP) {
            // op(A)(i, p) = arena[offA + i·aRow + p·aCol], passed as literals so the compiler sees unit strides
            if (op == GEMM_NN) {
                block(i, getGlobalId(1), inner, 1);
            } else {
                block(i, getGlobalId(1), 1, rows);
            }
        } else if (i < items) {
            if (op >= FIRST_ROW_OP) {
                rowOp(i);
            } else {
                elementOp(i);
            }
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

    /** The 4×8 register block; a = A's first row of the block, b = B's first column, c = C's corner. */
    private void fullBlock(int a, int aRow, int aCol, int b, int c) {
        float s00 = 0f, s01 = 0f, s02 = 0f, s03 = 0f, s04 = 0f, s05 = 0f, s06 = 0f, s07 = 0f;
        float s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f, s14 = 0f, s15 = 0f, s16 = 0f, s17 = 0f;
        float s20 = 0f, s21 = 0f, s22 = 0f, s23 = 0f, s24 = 0f, s25 = 0f, s26 = 0f, s27 = 0f;
        float s30 = 0f, s31 = 0f, s32 = 0f, s33 = 0f, s34 = 0f, s35 = 0f, s36 = 0f, s37 = 0f;
        for (int p = 0; p < inner; p++) {
            int pa = a + p * aCol;
            int pb = b + p * cols;
            float x0 = arena[pa];
            float x1 = arena[pa + aRow];
            float x2 = arena[pa + 2 * aRow];
            float x3 = arena[pa + 3 * aRow];
            float y0 = arena[pb];
            float y1 = arena[pb + 1];
            float y2 = arena[pb + 2];
            float y3 = arena[pb + 3];
            float y4 = arena[pb + 4];
            float y5 = arena[pb + 5];
            float y6 = arena[pb + 6];
            float y7 = arena[pb + 7];
            s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
            s04 += x0 * y4; s05 += x0 * y5; s06 += x0 * y6; s07 += x0 * y7;
            s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
            s14 += x1 * y4; s15 += x1 * y5; s16 += x1 * y6; s17 += x1 * y7;
            s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
            s24 += x2 * y4; s25 += x2 * y5; s26 += x2 * y6; s27 += x2 * y7;
            s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
            s34 += x3 * y4; s35 += x3 * y5; s36 += x3 * y6; s37 += x3 * y7;
        }
        storeRow(c, s00, s01, s02, s03, s04, s05, s06, s07);
        storeRow(c + cols, s10, s11, s12, s13, s14, s15, s16, s17);
        storeRow(c + 2 * cols, s20, s21, s22, s23, s24, s25, s26, s27);
        storeRow(c + 3 * cols, s30, s31, s32, s33, s34, s35, s36, s37);
    }

    private void storeRow(int c, float v0, float v1, float v2, float v3, float v4, float v5, float v6, float v7) {
        store(c, v0);
        store(c + 1, v1);
        store(c + 2, v2);
        store(c + 3, v3);
        store(c + 4, v4);
        store(c + 5, v5);
        store(c + 6, v6);
        store(c + 7, v7);
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
