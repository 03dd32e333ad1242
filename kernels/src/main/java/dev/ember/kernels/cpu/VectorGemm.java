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
 * <p>Threads split C into disjoint row ranges (or column ranges when C has few rows), each with
 * its own packing buffers, so parts never synchronise. Small products run on one thread, where
 * waking a worker would cost more than it saves.
 */
final class VectorGemm {
    static final int KC = 256;
    static final int MC = 16 * MR;
    static final int NC = 1024;
    /** Below this many multiply-adds a second thread does not pay for its wake-up. */
    private static final long PARALLEL_MIN_MACS = 1L << 17;

    private final Workers workers;
    private final float[][] packA;
    private final float[][] packB;
    private final float[][] tiles;

    VectorGemm(Workers workers) {
        this.workers = workers;
        int t = workers.threads();
        packA = new float[t][MC * KC];
        packB = new float[t][KC * NC];
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
        Operands ops = new Operands(transA, transB, alpha, beta, a, b, c, d.k());
        long macs = (long) d.m() * d.n() * d.k();
        int rowTiles = (d.m() + MR - 1) / MR;
        int colTiles = (d.n() + NR - 1) / NR;
        int parts = macs < PARALLEL_MIN_MACS ? 1 : Math.min(workers.threads(), Math.max(rowTiles, colTiles));
        if (parts == 1) {
            block(ops, 0, d.m(), 0, d.n(), 0);
        } else if (rowTiles >= colTiles) {
            workers.run(parts, part -> block(ops, split(rowTiles, parts, part) * MR,
                    Math.min(d.m(), split(rowTiles, parts, part + 1) * MR), 0, d.n(), part));
        } else {
            workers.run(parts, part -> block(ops, 0, d.m(), split(colTiles, parts, part) * NR,
                    Math.min(d.n(), split(colTiles, parts, part + 1) * NR), part));
        }
    }

    private static int split(int tiles, int parts, int part) {
        return (int) ((long) tiles * part / parts);
    }

    /** The operands of one call, with their row strides. */
    private record Operands(boolean transA, boolean transB, float alpha, float beta, Tensor a, Tensor b, Tensor c,
            int k) {}

    /** C[i0, i1) × [j0, j1) on one thread, with that thread's packing buffers. */
    private void block(Operands o, int i0, int i1, int j0, int j1, int part) {
        int kBlocks = (o.k() + KC - 1) / KC;
        int kcMax = (o.k() + kBlocks - 1) / kBlocks;
        float[] ap = packA[part];
        float[] bp = packB[part];
        float[] tile = tiles[part];
        float[] c = o.c().data();
        int ldc = o.c().cols();
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < o.k(); pc += kcMax) {
                int kc = Math.min(kcMax, o.k() - pc);
                float beta = pc == 0 ? o.beta() : 1f;
                Packing.packB(o.b(), o.transB(), pc, kc, jc, nc, bp);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    Packing.packA(o.a(), o.transA(), ic, mc, pc, kc, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int rows = Math.min(MR, mc - ir);
                            int cOff = o.c().offset() + (ic + ir) * ldc + jc + jr;
                            MicroKernel.multiply(kc, ap, ir * kc, bp, jr * kc, tile);
                            MicroKernel.merge(tile, o.alpha(), beta, c, cOff, ldc, rows, cols);
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
