// SPDX-License-Identifier: Apache-2.0
/**
 * The fast host backend. Read {@link dev.ember.kernels.cpu.CpuBackend} first (how the GEMM path is
 * chosen), then {@code VectorGemm} and {@code MicroKernel} (the pure-Java Vector API SGEMM) and
 * {@code BlasGemm} (native BLAS through netlib). {@code dev.ember.it.bench.GemmBench} in
 * integration-tests measures them.
 */
package dev.ember.kernels.cpu;
