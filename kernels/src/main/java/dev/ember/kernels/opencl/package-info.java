// SPDX-License-Identifier: Apache-2.0
/**
 * The OpenCL backend on Aparapi. Read {@link dev.ember.kernels.opencl.OpenClBackend} first, then
 * {@code ArenaState} (why all tensors live in one kernel's arena), {@code DeviceArena} (allocation
 * and transfers) and the op code in {@code ElementOps}, {@code RowOps} and {@code ArenaKernel}.
 * {@code dev.ember.it.bench.OpenClBench} in integration-tests measures GEMM, launches and copies.
 */
package dev.ember.kernels.opencl;
