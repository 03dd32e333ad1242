// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import dev.ember.tensor.Tensor;

/** The sizes of {@code C(m×n) = op(A)(m×k)·op(B)(k×n)}, checked once per call. */
record GemmDims(int m, int n, int k) {

    static GemmDims of(boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shapes do not match: op(A) " + m + "×" + k + ", op(B) " + kb
                    + "×" + n + ", C " + c.shape() + " (transA=" + transA + ", transB=" + transB + ")");
        }
        return new GemmDims(m, n, k);
    }

    double flops() {
        return 2.0 * m * n * k;
    }
}
