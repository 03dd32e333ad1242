// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** How CpuBackend picks its GEMM path, and how a caller forces one. */
class GemmPathTest {

    @Test
    void autoUsesNativeBlasWhenItLoaded() {
        assumeTrue(BlasGemm.loadNative().isPresent(), "netlib found no native BLAS on this machine");
        try (CpuBackend cpu = new CpuBackend(1, CpuBackend.GemmPath.AUTO)) {
            assertEquals("native", cpu.gemmPath());
            assertTrue(cpu.device().contains("native BLAS"), cpu.device());
        }
    }

    @Test
    void systemPropertyForcesTheJavaKernel() {
        String before = System.getProperty(CpuBackend.GEMM_PROPERTY);
        System.setProperty(CpuBackend.GEMM_PROPERTY, "java");
        try (CpuBackend cpu = new CpuBackend(2)) {
            assertEquals("vector-api", cpu.gemmPath());
            assertTrue(cpu.device().contains("2 threads"), cpu.device());
        } finally {
            if (before == null) {
                System.clearProperty(CpuBackend.GEMM_PROPERTY);
            } else {
                System.setProperty(CpuBackend.GEMM_PROPERTY, before);
            }
        }
    }

    @Test
    void rejectsNonPositiveThreadCount() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CpuBackend(0, CpuBackend.GemmPath.JAVA));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }
}
