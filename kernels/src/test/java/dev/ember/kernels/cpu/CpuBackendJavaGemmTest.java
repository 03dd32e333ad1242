// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ember.tensor.Backend;
import dev.ember.tensor.ConformanceFixture;
import dev.ember.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Everything in {@link CpuBackendTest} again, with GEMM forced onto the Vector API kernel. */
class CpuBackendJavaGemmTest extends CpuBackendTest {

    @Override
    protected Backend newBackend() {
        return new CpuBackend(2, CpuBackend.GemmPath.JAVA);
    }

    @Test
    void forcedJavaPathReportsIt() {
        try (CpuBackend b = new CpuBackend(1, CpuBackend.GemmPath.JAVA)) {
            assertEquals("vector-api", b.gemmPath());
        }
    }

    /** Splitting C across threads never changes the order of any element's sum: results are bit-identical. */
    @Test
    void resultDoesNotDependOnThreadCount() {
        ConformanceFixture data = new ConformanceFixture(new dev.ember.tensor.ReferenceBackend(), 5);
        int[][] shapes = {{200, 150, 300}, {5, 900, 500}};
        for (int[] s : shapes) {
            Tensor a = data.uniform(s[0], s[2], -1, 1);
            Tensor b = data.uniform(s[2], s[1], -1, 1);
            float[] first = null;
            for (int threads = 1; threads <= 3; threads++) {
                try (CpuBackend cpu = new CpuBackend(threads, CpuBackend.GemmPath.JAVA)) {
                    Tensor c = Tensor.zeros(s[0], s[1]);
                    cpu.gemm(false, false, 1f, a, b, 0f, c);
                    if (first == null) {
                        first = c.toArray();
                    } else {
                        assertArrayEquals(first, c.toArray(), threads + " threads vs 1 on " + s[0] + "×" + s[1]);
                    }
                }
            }
        }
    }
}
