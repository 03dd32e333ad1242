// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile of {@link VectorGemm}: a {@code MR × NR} block of C kept in {@code MR·2}
 * vector accumulators ({@code NR} = two vectors) while it walks {@code kc} steps of a packed A
 * micro-panel ({@code MR} floats per step) and a packed B micro-panel ({@code NR} floats per step).
 *
 * <p>With 256-bit vectors that is 12 accumulators, 2 B vectors and 1 broadcast: 15 of AVX2's 16
 * vector registers (with AVX-512, 15 of 32). The accumulators are named locals, not an array,
 * because C2 keeps only locals in registers. Measured on a loaded 2-core AVX2 machine: about
 * 80 GFLOP/s of thread CPU time on one core, about 70% of its FMA peak; a 2-step unrolled variant
 * was slower, indexing by the loop counter was the same.
 */
final class MicroKernel {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int L = SPECIES.length();
    static final int MR = 6;
    static final int NR = 2 * L;

    private MicroKernel() {}

    /**
     * {@code tile = Ap·Bp}: the {@code MR × NR} product of a packed A micro-panel and a packed B
     * micro-panel over {@code kc} steps, written row-major into {@code tile} ({@code MR·NR} floats).
     * NOTE: the accumulators go to a tile buffer rather than into C through a helper method,
     * because a vector passed to a call C2 does not inline is boxed on the heap.
     */
    static void multiply(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        int a = aOff;
        int b = bOff;
        for (int p = 0; p < kc; p++, a += MR, b += NR) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, b);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, b + L);
            FloatVector av = FloatVector.broadcast(SPECIES, ap[a]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            av = FloatVector.broadcast(SPECIES, ap[a + 1]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            av = FloatVector.broadcast(SPECIES, ap[a + 2]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            av = FloatVector.broadcast(SPECIES, ap[a + 3]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            av = FloatVector.broadcast(SPECIES, ap[a + 4]);
            c40 = b0.fma(av, c40);
            c41 = b1.fma(av, c41);
            av = FloatVector.broadcast(SPECIES, ap[a + 5]);
            c50 = b0.fma(av, c50);
            c51 = b1.fma(av, c51);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
    }

    /**
     * {@code C = alpha·tile + beta·C} over the top-left {@code rows × cols} of the tile, C at
     * {@code c[cOff]} with row stride {@code ldc}; {@code beta == 0} never reads C (NaN-safe).
     */
    static void merge(float[] tile, float alpha, float beta, float[] c, int cOff, int ldc, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int row = cOff + i * ldc;
            int t = i * NR;
            int j = 0;
            if (cols == NR) {
                for (; j < NR; j += L) {
                    FloatVector v = FloatVector.fromArray(SPECIES, tile, t + j).mul(alpha);
                    if (beta != 0) {
                        v = FloatVector.fromArray(SPECIES, c, row + j).mul(beta).add(v);
                    }
                    v.intoArray(c, row + j);
                }
            }
            for (; j < cols; j++) {
                c[row + j] = beta == 0 ? alpha * tile[t + j] : alpha * tile[t + j] + beta * c[row + j];
            }
        }
    }
}
