// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import dev.ember.tensor.Tensor;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SGEMM through a netlib BLAS instance (column-major Fortran convention). A row-major matrix seen
 * column-major is its transpose, so row-major {@code C = op(A)·op(B)} is computed as column-major
 * {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}: B goes first, with B's transpose flag, and m and n swap.
 */
final class BlasGemm {
    private final BLAS blas;

    BlasGemm(BLAS blas) {
        this.blas = blas;
    }

    /** netlib's native (JNI) BLAS if its library loaded, else empty. */
    static Optional<BLAS> loadNative() {
        try {
            return Optional.of(NativeBLAS.getInstance());
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The BLAS shared objects mapped into this process (Linux), e.g. OpenBLAS, or "unknown". */
    static String loadedLibraries() {
        try {
            String libs = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(file -> file.contains("blas") && !file.contains("netlibblasjni"))
                    .map(file -> file.substring(file.lastIndexOf('/') + 1))
                    .distinct()
                    .collect(Collectors.joining(", "));
            return libs.isEmpty() ? "unknown" : libs;
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    String implementation() {
        return blas.getClass().getSimpleName();
    }

    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        GemmDims d = GemmDims.of(transA, transB, a, b, c);
        if (d.m() == 0 || d.n() == 0) {
            return;
        }
        if (d.k() == 0) {
            VectorGemm.scaleC(c, beta);
            return;
        }
        blas.sgemm(transB ? "T" : "N", transA ? "T" : "N", d.n(), d.m(), d.k(), alpha,
                b.data(), b.offset(), Math.max(1, b.cols()),
                a.data(), a.offset(), Math.max(1, a.cols()),
                beta, c.data(), c.offset(), Math.max(1, c.cols()));
    }
}
