// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import static dev.ember.kernels.cpu.MicroKernel.MR;
import static dev.ember.kernels.cpu.MicroKernel.NR;

import dev.ember.tensor.Tensor;
import java.util.Arrays;

/**
 * Copies blocks of op(A) and op(B) into the micro-panel layout of {@link MicroKernel}:
 * <pre>
 *   A block rows [i0, i0+mc) × k [p0, p0+kc):  ap[(i/MR)·MR·kc + p·MR + i%MR] = op(A)[i0+i][p0+p]
 *   B block k [p0, p0+kc) × cols [j0, j0+nc):  bp[bpOff + (j/NR)·NR·kc + p·NR + j%NR] = op(B)[p0+p][j0+j]
 * </pre>
 * The last micro-panel is padded with zeros to full width, so the kernel never branches on edges.
 * Each loop reads its source with unit stride (the transpose decides which index is inner).
 */
final class Packing {
    private Packing() {}

    static void packA(Tensor a, boolean transA, int i0, int mc, int p0, int kc, float[] ap) {
        int edgeRows = mc % MR;
        if (edgeRows != 0) {
            int last = (mc - edgeRows) * kc;
            Arrays.fill(ap, last, last + MR * kc, 0f);
        }
        if (transA) {
            packTransposedA(a, i0, mc, p0, kc, ap);
            return;
        }
        float[] src = a.data();
        int lda = a.cols();
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int panel = ir * kc;
            int s = a.offset() + (i0 + ir) * lda + p0;
            if (rows == MR) {
                // Six rows read side by side, so each write lands next to the previous one.
                for (int p = 0; p < kc; p++) {
                    int d = panel + p * MR;
                    ap[d] = src[s + p];
                    ap[d + 1] = src[s + lda + p];
                    ap[d + 2] = src[s + 2 * lda + p];
                    ap[d + 3] = src[s + 3 * lda + p];
                    ap[d + 4] = src[s + 4 * lda + p];
                    ap[d + 5] = src[s + 5 * lda + p];
                }
            } else {
                for (int i = 0; i < rows; i++) {
                    for (int p = 0; p < kc; p++) {
                        ap[panel + i + p * MR] = src[s + i * lda + p];
                    }
                }
            }
        }
    }

    /** op(A)[i][p] = A[p][i]: walks each row of A once, front to back, dealing it out to the panels. */
    private static void packTransposedA(Tensor a, int i0, int mc, int p0, int kc, float[] ap) {
        float[] src = a.data();
        int lda = a.cols();
        for (int p = 0; p < kc; p++) {
            int s = a.offset() + (p0 + p) * lda + i0;
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int d = ir * kc + p * MR;
                for (int i = 0; i < rows; i++) {
                    ap[d + i] = src[s + ir + i];
                }
            }
        }
    }

    static void packB(Tensor b, boolean transB, int p0, int kc, int j0, int nc, float[] bp, int bpOff) {
        int edgeCols = nc % NR;
        if (edgeCols != 0) {
            int last = bpOff + (nc - edgeCols) * kc;
            Arrays.fill(bp, last, last + NR * kc, 0f);
        }
        float[] src = b.data();
        int ldb = b.cols();
        if (transB) {
            // op(B)[p][j] = B[j][p]: walk each row of B along k.
            for (int j = 0; j < nc; j++) {
                int s = b.offset() + (j0 + j) * ldb + p0;
                int d = bpOff + (j - j % NR) * kc + j % NR;
                for (int p = 0; p < kc; p++) {
                    bp[d + p * NR] = src[s + p];
                }
            }
        } else {
            // Each row of B once, front to back, dealt out to the panels.
            for (int p = 0; p < kc; p++) {
                int s = b.offset() + (p0 + p) * ldb + j0;
                for (int jr = 0; jr < nc; jr += NR) {
                    System.arraycopy(src, s + jr, bp, bpOff + jr * kc + p * NR, Math.min(NR, nc - jr));
                }
            }
        }
    }
}
