// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.opencl;

/**
 * The one Aparapi kernel of {@link OpenClBackend}: {@link #run} dispatches on {@link #op} to an
 * element-wise op, a row op or a GEMM (see {@link ArenaState} for why there is a single kernel).
 *
 * <p>GEMM {@code C = alpha·op(A)·op(B) + beta·C} (m = rows, n = cols, k = inner) is register
 * blocked: work-item {@code (tx, ty)} computes a 4×4 block of C, rows {@code 4ty..4ty+3} and the
 * interleaved columns {@code tx + q·T} ({@code q < 4}, {@code T = items = ⌈n/4⌉}). Interleaving
 * makes neighbouring work-items read neighbouring elements of B and write neighbouring elements of
 * C, which is what lets PoCL vectorise across work-items and a GPU coalesce. Edge blocks clamp
 * their read indices to valid rows/columns (no branch in the k loop) and skip the invalid writes.
 * The transpose forms differ only in strides, passed as literals so the OpenCL compiler sees
 * unit strides after inlining.
 */
final class ArenaKernel extends RowOps {
    /** Rows and columns of C computed by one work-item. */
    static final int BLOCK = 4;

    ArenaKernel(int arenaFloats, int smallFloats, int largeFloats, int keyCount) {
        super(arenaFloats, smallFloats, largeFloats, keyCount);
    }

    @Override
    public void run() {
        int i = getGlobalId(0);
        if (op >= FIRST_GEMM_OP) {
            gemm(i, getGlobalId(1));
        } else if (i < items) {
            if (op >= FIRST_ROW_OP) {
                rowOp(i);
            } else {
                elementOp(i);
            }
        }
    }

    private void gemm(int tx, int ty) {
        if (op == GEMM_NN) {
            block(tx, ty, inner, 1, cols, 1);
        } else if (op == GEMM_NT) {
            block(tx, ty, inner, 1, 1, inner);
        } else if (op == GEMM_TN) {
            block(tx, ty, 1, rows, cols, 1);
        } else {
            block(tx, ty, 1, rows, 1, inner);
        }
    }

    /** op(A)(i, p) = arena[offA + i·aRow + p·aCol]; op(B)(p, j) = arena[offB + p·bRow + j·bCol]. */
    private void block(int tx, int ty, int aRow, int aCol, int bRow, int bCol) {
        int i0 = ty * BLOCK;
        if (tx < items && i0 < rows) {
            int lastRow = rows - 1;
            int lastCol = cols - 1;
            int a0 = offA + i0 * aRow;
            int a1 = offA + Math.min(i0 + 1, lastRow) * aRow;
            int a2 = offA + Math.min(i0 + 2, lastRow) * aRow;
            int a3 = offA + Math.min(i0 + 3, lastRow) * aRow;
            int b0 = offB + tx * bCol;
            int b1 = offB + Math.min(tx + items, lastCol) * bCol;
            int b2 = offB + Math.min(tx + 2 * items, lastCol) * bCol;
            int b3 = offB + Math.min(tx + 3 * items, lastCol) * bCol;
            float s00 = 0f, s01 = 0f, s02 = 0f, s03 = 0f;
            float s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f;
            float s20 = 0f, s21 = 0f, s22 = 0f, s23 = 0f;
            float s30 = 0f, s31 = 0f, s32 = 0f, s33 = 0f;
            for (int p = 0; p < inner; p++) {
                int pa = p * aCol;
                int pb = p * bRow;
                float x0 = arena[a0 + pa];
                float x1 = arena[a1 + pa];
                float x2 = arena[a2 + pa];
                float x3 = arena[a3 + pa];
                float y0 = arena[b0 + pb];
                float y1 = arena[b1 + pb];
                float y2 = arena[b2 + pb];
                float y3 = arena[b3 + pb];
                s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
                s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
                s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
                s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
            }
            storeRow(i0, tx, s00, s01, s02, s03);
            storeRow(i0 + 1, tx, s10, s11, s12, s13);
            storeRow(i0 + 2, tx, s20, s21, s22, s23);
            storeRow(i0 + 3, tx, s30, s31, s32, s33);
        }
    }

    private void storeRow(int i, int tx, float v0, float v1, float v2, float v3) {
        if (i < rows) {
            store(i, tx, v0);
            store(i, tx + items, v1);
            store(i, tx + 2 * items, v2);
            store(i, tx + 3 * items, v3);
        }
    }

    /** beta == 0 ignores the old C (NaN included), as the contract says. */
    private void store(int i, int j, float v) {
        if (j < cols) {
            int c = offC + i * cols + j;
            arena[c] = beta == 0f ? alpha * v : alpha * v + beta * arena[c];
        }
    }
}
