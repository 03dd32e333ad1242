// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile of {@link VectorGemm}: a {@code MR × NR} block of C kept in {@code MR·2}
 * vector accumulators ({@code NR} = two vectors) while it walks {@code kc} steps of a packed A
 * micro-panel ({@code MR} floats per step) and a packed B micro-panel ({@code NR} floats per step).
 *
 * <p>With 256-bit vectors that is 12 accumulators, 2 B vectors and 1 broadcast: 15 of the 16
 * registers of AVX2, so nothing spills. The accumulators are named locals, not an array, because
 * C2 keeps only locals in registers.
 */
final class MicroKernel {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int L = SPECIES.length();
    static final int MR = 6;
    static final int NR = 2 * L;

    private MicroKernel() {}

    /**
     * {@code C[0..MR)[0..NR) = alpha·(Ap·Bp) + beta·C} for a full tile at {@code c[cOff]} with row
     * stride {@code ldc}; {@code beta == 0} never reads C.
     */
    static void full(int kc, float[] ap, int aOff, float[] bp, int bOff, float alpha, float beta,
            float[] c, int cOff, int ldc) {
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
        store(c00, c01, alpha, beta, c, cOff, L);
        store(c10, c11, alpha, beta, c, cOff + ldc, L);
        store(c20, c21, alpha, beta, c, cOff + 2 * ldc, L);
        store(c30, c31, alpha, beta, c, cOff + 3 * ldc, L);
        store(c40, c41, alpha, beta, c, cOff + 4 * ldc, L);
        store(c50, c51, alpha, beta, c, cOff + 5 * ldc, L);
    }

    /**
     * A tile cut by the edge of C ({@code rows ≤ MR}, {@code cols ≤ NR}): computes the full tile
     * on the zero-padded panels into {@code tmp} ({@code MR·NR} floats), then merges the valid part.
     */
    static void edge(int kc, float[] ap, int aOff, float[] bp, int bOff, float alpha, float beta,
            float[] c, int cOff, int ldc, int rows, int cols, float[] tmp) {
        full(kc, ap, aOff, bp, bOff, 1f, 0f, tmp, 0, NR);
        for (int i = 0; i < rows; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < cols; j++) {
                float old = beta == 0 ? 0f : beta * c[row + j];
                c[row + j] = alpha * tmp[i * NR + j] + old;
            }
        }
    }

    private static void store(FloatVector lo, FloatVector hi, float alpha, float beta, float[] c, int off,
            int l) {
        if (beta == 0) {
            lo.mul(alpha).intoArray(c, off);
            hi.mul(alpha).intoArray(c, off + l);
        } else {
            FloatVector oldLo = FloatVector.fromArray(SPECIES, c, off).mul(beta);
            FloatVector oldHi = FloatVector.fromArray(SPECIES, c, off + l).mul(beta);
            FloatVector a = FloatVector.broadcast(SPECIES, alpha);
            lo.fma(a, oldLo).intoArray(c, off);
            hi.fma(a, oldHi).intoArray(c, off + l);
        }
    }
}
