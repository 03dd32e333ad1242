// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.opencl;

/**
 * {@link ArenaKernel} with GEMM through local-memory tiles, for GPUs: every other op is the
 * inherited one. A separate class because its barriers would change how a CPU driver compiles the
 * whole kernel (PoCL runs a work-group as loops over its work-items and splits them at each
 * barrier), and there the register-blocked GEMM with no local memory is the faster one.
 *
 * <p>A work-group of {@value #LOCAL_X}×{@value #LOCAL_Y} work-items computes a {@value #TILE}×{@value
 * #TILE} tile of C. For each slice of {@value #DEPTH} values of k it stages the tile's rows of op(A)
 * ({@value #TILE}×{@value #DEPTH}) and columns of B ({@value #DEPTH}×{@value #TILE}) in local memory,
 * each work-item loading 4 + 4 values (neighbouring work-items load neighbouring addresses where the
 * matrix is contiguous, so global reads coalesce); after a barrier every work-item accumulates a 4×4
 * block of C in registers from the staged slice: 8 local reads per 16 multiply-adds, and each value
 * brought from global memory is used {@value #TILE} times. Work-item (x, y) owns rows
 * {@code y + 16i} and columns {@code x + 16j} of the tile, so a warp's local reads are
 * consecutive (no bank conflicts) and its stores to C coalesce. Values outside A, B or C are
 * staged as zero and never stored, so any shape works; every work-item reaches every barrier.
 * Local memory: 2 × 64 × 16 floats = 8 KB per work-group.
 */
class TiledArenaKernel extends ArenaKernel {
    static final int TILE = 64;
    static final int DEPTH = 16;
    static final int LOCAL_X = 16;
    static final int LOCAL_Y = 16;
    private static final int GROUP = LOCAL_X * LOCAL_Y;

    /** op(A)'s slice, k-major: tileA[p·TILE + r] = op(A)[row0 + r][p0 + p]. */
    @Local final float[] tileA = new float[TILE * DEPTH];
    /** B's slice: tileB[p·TILE + c] = B[p0 + p][col0 + c]. */
    @Local final float[] tileB = new float[DEPTH * TILE];

    TiledArenaKernel(int arenaFloats, int smallFloats, int largeFloats, int keyCount) {
        super(arenaFloats, smallFloats, largeFloats, keyCount);
    }

    @Override
    int blockRows() {
        return TILE;
    }

    @Override
    int blockCols() {
        return TILE;
    }

    @Override
    int groupX() {
        return LOCAL_X;
    }

    @Override
    int groupY() {
        return LOCAL_Y;
    }

    @Override
    void gemm(int unusedX, int unusedY) {
        int x = getLocalId(0);
        int y = getLocalId(1);
        int lid = y * LOCAL_X + x;
        int row0 = getGroupId(1) * TILE;
        int col0 = getGroupId(0) * TILE;
        int m = rows;
        int n = cols;
        int depth = inner;
        // op(A)(i, p) = arena[offA + i·aRow + p·aCol]
        int aRow = op == GEMM_NN ? depth : 1;
        int aCol = op == GEMM_NN ? 1 : m;
        float s00 = 0f, s01 = 0f, s02 = 0f, s03 = 0f;
        float s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f;
        float s20 = 0f, s21 = 0f, s22 = 0f, s23 = 0f;
        float s30 = 0f, s31 = 0f, s32 = 0f, s33 = 0f;
        for (int p0 = 0; p0 < depth; p0 += DEPTH) {
            for (int q = lid; q < TILE * DEPTH; q += GROUP) {
                // NN: consecutive q walk along a row of A (contiguous); TN: along a column of Aᵀ's source
                int r = op == GEMM_NN ? q / DEPTH : q % TILE;
                int p = op == GEMM_NN ? q % DEPTH : q / TILE;
                int gi = row0 + r;
                int gp = p0 + p;
                tileA[p * TILE + r] = gi < m && gp < depth ? arena[offA + gi * aRow + gp * aCol] : 0f;
            }
            for (int q = lid; q < DEPTH * TILE; q += GROUP) {
                int p = q / TILE;
                int c = q % TILE;
                int gp = p0 + p;
                int gj = col0 + c;
                tileB[q] = gp < depth && gj < n ? arena[offB + gp * n + gj] : 0f;
            }
            localBarrier();
            for (int p = 0; p < DEPTH; p++) {
                int pa = p * TILE + y;
                int pb = p * TILE + x;
                float a0 = tileA[pa];
                float a1 = tileA[pa + 16];
                float a2 = tileA[pa + 32];
                float a3 = tileA[pa + 48];
                float b0 = tileB[pb];
                float b1 = tileB[pb + 16];
                float b2 = tileB[pb + 32];
                float b3 = tileB[pb + 48];
                s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
                s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
                s20 += a2 * b0; s21 += a2 * b1; s22 += a2 * b2; s23 += a2 * b3;
                s30 += a3 * b0; s31 += a3 * b1; s32 += a3 * b2; s33 += a3 * b3;
            }
            localBarrier();
        }
        int r0 = row0 + y;
        int c0 = col0 + x;
        storeTiled(r0, c0, s00, s01, s02, s03);
        storeTiled(r0 + 16, c0, s10, s11, s12, s13);
        storeTiled(r0 + 32, c0, s20, s21, s22, s23);
        storeTiled(r0 + 48, c0, s30, s31, s32, s33);
    }

    /** One work-item's values of row {@code r} at columns c, c+16, c+32, c+48, where inside C. */
    private void storeTiled(int r, int c, float v0, float v1, float v2, float v3) {
        if (r < rows) {
            int at = offC + r * cols + c;
            if (c < cols) {
                storeScaled(at, v0);
            }
            if (c + 16 < cols) {
                storeScaled(at + 16, v1);
            }
            if (c + 32 < cols) {
                storeScaled(at + 32, v2);
            }
            if (c + 48 < cols) {
                storeScaled(at + 48, v3);
            }
        }
    }

    /** beta == 0 ignores the old C (NaN included), as the contract says. */
    private void storeScaled(int at, float v) {
        arena[at] = beta == 0f ? alpha * v : alpha * v + beta * arena[at];
    }
}
