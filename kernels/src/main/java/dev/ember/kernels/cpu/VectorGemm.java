// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import static dev.ember.kernels.cpu.MicroKernel.MR;
import static dev.ember.kernels.cpu.MicroKernel.NR;

import dev.ember.tensor.Tensor;

/**
 * Pure-Java SGEMM on the JDK Vector API, blocked in the classic way: C is cut into column blocks
 * of at most {@link #NC}, k into blocks of about {@link #KC}, and rows into blocks of {@link #MC}.
 * Each k-block of B is packed into {@code NR}-wide micro-panels and each row block of A into
 * {@code MR}-tall micro-panels, contiguous in k, so the {@link MicroKernel} streams both with unit
 * stride whatever the transposes were. Packing is where transposes are resolved.
 *
 * <p>All of op(B) is packed once per call. Threads split C into chunks of rows (after packing B
 * together, which every row chunk reads), or into chunks of columns when C has fewer row tiles
 * than column tiles (each chunk then packs only its own panels of B), taking the next free chunk
 * as they finish, so a thread the OS deschedules does not stall the call. Each thread packs its
 * own A blocks. Every element of C is summed in the same order whatever the split, so results do
 * not depend on the thread count. Small products run on one thread, where waking a worker would cost
 * more than it saves.
 */
final class VectorGemm {
    static final int KC = 256;
    static final int MC = 16 * MR;
    static final int NC = 512;
    /**
     * Below this many multiply-adds (about 50 µs on one core) a second thread does not pay for
     * waking it, twice, through the pool.
     */
    private static final long PARALLEL_MIN_MACS = 1L << 21;

    /** Work handed out to threads in chunks of this many row tiles (48 rows) ... */
    private static final int ROW_TILES_PER_CHUNK = 8;
    /** ... or of this many B panels (64 columns with 256-bit vectors). */
    private static final int PANELS_PER_CHUNK = 4;

    private final Workers workers;
    private final float[][] packA;
    private final float[][] tiles;
    /** All of op(B), packed once per call and shared by the threads; grows to the largest B seen. */
    private float[] packB = new float[0];

    VectorGemm(Workers workers) {
        this.workers = workers;
        int t = workers.threads();
        packA = new float[t][MC * KC];
        tiles = new float[t][MR * NR];
    }

    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        GemmDims d = GemmDims.of(transA, transB, a, b, c);
        if (d.m() == 0 || d.n() == 0) {
            return;
        }
        if (d.k() == 0 || alpha == 0) {
            scaleC(c, beta);
            return;
        }
        int rowTiles = (d.m() + MR - 1) / MR;
        int colTiles = (d.n() + NR - 1) / NR;
        int kBlocks = (d.k() + KC - 1) / KC;
        int nPad = colTiles * NR;
        if (packB.length < Math.multiplyExact(d.k(), nPad)) {
            packB = new float[d.k() * nPad];
        }
        Operands o = new Operands(transA, transB, alpha, beta, a, b, c, d, (d.k() + kBlocks - 1) / kBlocks, nPad,
                packB);
        long macs = (long) d.m() * d.n() * d.k();
        int parts = macs < PARALLEL_MIN_MACS ? 1 : Math.min(workers.threads(), Math.max(rowTiles, colTiles));
        if (parts == 1) {
            packPanels(o, 0, colTiles);
            compute(o, 0, d.m(), 0, colTiles, 0);
        } else if (rowTiles >= colTiles) {
            // Rows split: every thread needs all of B, so the threads pack it together first.
            int packChunks = (colTiles + PANELS_PER_CHUNK - 1) / PANELS_PER_CHUNK;
            workers.forEachChunk(parts, packChunks, (part, chunk) -> packPanels(o, chunk * PANELS_PER_CHUNK,
                    Math.min(colTiles, (chunk + 1) * PANELS_PER_CHUNK)));
            int rowChunks = (rowTiles + ROW_TILES_PER_CHUNK - 1) / ROW_TILES_PER_CHUNK;
            int rowsPerChunk = ROW_TILES_PER_CHUNK * MR;
            workers.forEachChunk(parts, rowChunks, (part, chunk) -> compute(o, chunk * rowsPerChunk,
                    Math.min(d.m(), (chunk + 1) * rowsPerChunk), 0, colTiles, part));
        } else {
            // Columns split: each chunk packs and uses only its own panels of B.
            int colChunks = (colTiles + PANELS_PER_CHUNK - 1) / PANELS_PER_CHUNK;
            workers.forEachChunk(parts, colChunks, (part, chunk) -> {
                int s0 = chunk * PANELS_PER_CHUNK;
                int s1 = Math.min(colTiles, s0 + PANELS_PER_CHUNK);
                packPanels(o, s0, s1);
                compute(o, 0, d.m(), s0, s1, part);
            });
        }
    }

    /**
     * The operands of one call. Packed B holds, for the k-block starting at {@code pc}, its panels at
     * {@code pc·nPad + panel·NR·kc}.
     */
    private record Operands(boolean transA, boolean transB, float alpha, float beta, Tensor a, Tensor b, Tensor c,
            GemmDims d, int kcMax, int nPad, float[] bp) {}

    /** Packs B panels {@code [s0, s1)} for every k-block. */
    private static void packPanels(Operands o, int s0, int s1) {
        int j0 = s0 * NR;
        int nc = Math.min(o.d().n(), s1 * NR) - j0;
        if (nc <= 0) {
            return;
        }
        for (int pc = 0; pc < o.d().k(); pc += o.kcMax()) {
            int kc = Math.min(o.kcMax(), o.d().k() - pc);
            Packing.packB(o.b(), o.transB(), pc, kc, j0, nc, o.bp(), pc * o.nPad() + j0 * kc);
        }
    }

    /** C rows {@code [i0, i1)} × B panels {@code [s0, s1)} on one thread, with that thread's A buffer. */
    private void compute(Operands o, int i0, int i1, int s0, int s1, int part) {
        float[] ap = packA[part];
        float[] tile = tiles[part];
        float[] c = o.c().data();
        int ldc = o.c().cols();
        int jEnd = Math.min(o.d().n(), s1 * NR);
        for (int jc = s0 * NR; jc < jEnd; jc += NC) {
            int nc = Math.min(NC, jEnd - jc);
            for (int pc = 0; pc < o.d().k(); pc += o.kcMax()) {
                int kc = Math.min(o.kcMax(), o.d().k() - pc);
                float beta = pc == 0 ? o.beta() : 1f;
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    Packing.packA(o.a(), o.transA(), ic, mc, pc, kc, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        int bOff = pc * o.nPad() + (jc + jr) * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int rows = Math.min(MR, mc - ir);
                            MicroKernel.multiply(kc, ap, ir * kc, o.bp(), bOff, tile);
                            MicroKernel.merge(tile, o.alpha(), beta, c, o.c().offset() + (ic + ir) * ldc + jc + jr,
                                    ldc, rows, cols);
                        }
                    }
                }
            }
        }
    }

    /** {@code C = beta·C}, with {@code beta == 0} writing zeros over whatever C held. */
    static void scaleC(Tensor c, float beta) {
        float[] data = c.data();
        for (int i = c.offset(); i < c.offset() + c.size(); i++) {
            data[i] = beta == 0 ? 0f : beta * data[i];
        }
    }
}
