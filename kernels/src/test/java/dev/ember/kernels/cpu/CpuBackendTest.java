// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ember.tensor.Backend;
import dev.ember.tensor.BackendConformance;
import dev.ember.tensor.ConformanceFixture;
import dev.ember.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CpuBackend with the GEMM path it picks by itself (native BLAS when netlib loaded one), against
 * the conformance suite plus GEMM shapes that cross every block boundary of the Java kernel.
 * {@link CpuBackendJavaGemmTest} reruns all of it with the Java kernel forced.
 */
class CpuBackendTest extends BackendConformance {

    @Override
    protected Backend newBackend() {
        return new CpuBackend(2, CpuBackend.GemmPath.AUTO);
    }

    @ParameterizedTest(name = "{0}×{1}×{2}")
    @CsvSource({
        "300, 500, 200",   // several row blocks and tiles, k within one block
        "7, 1100, 300",    // threads split columns; n beyond one column block (512); k over two blocks
        "256, 10, 256",    // a skinny output (the last layer of an MLP)
        "10, 128, 256",    // its weight gradient (TN)
        "97, 61, 600",     // k over three blocks: beta must be applied once
        "6, 16, 1",        // exactly one full register tile
    })
    void gemmMatchesReferenceOnLargerShapes(int m, int n, int k) {
        int form = 0;
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                checkGemm(m, n, k, transA, transB, form == 1 ? -0.75f : 1f, form >= 2 ? 0.5f : 0f,
                        form % 2 == 0 ? ConformanceFixture.PAD : 0);
                form++;
            }
        }
    }

    @Test
    void gemmOfMlpTrainingShapesMatchesReference() {
        checkGemm(256, 256, 784, false, true, 1f, 0f, 0);     // forward: X·Wᵀ
        checkGemm(256, 784, 256, false, false, 1f, 0f, 0);    // dX = dY·W
        checkGemm(256, 784, 256, true, false, 1f, 1f, 0);     // dW += dYᵀ·X
    }

    @Test
    void gemmRejectsMismatchedShapes() {
        try (Backend b = newBackend()) {
            Tensor a = b.allocate(3, 4);
            Tensor c = b.allocate(3, 5);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.gemm(false, false, 1f, a, b.allocate(5, 5), 0f, c));
            assertEquals(true, e.getMessage().contains("op(A) 3×4"), e.getMessage());
        }
    }

    @Test
    void gemmWithEmptyInnerDimensionScalesC() {
        try (Backend b = newBackend()) {
            Tensor c = Tensor.of(1, 2, 2f, -4f);
            b.gemm(false, false, 1f, Tensor.zeros(1, 0), Tensor.zeros(0, 2), 0.5f, c);
            assertArrayEquals(new float[] {1f, -2f}, c.toArray());
        }
    }
}
