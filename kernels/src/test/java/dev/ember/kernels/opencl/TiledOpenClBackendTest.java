// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ember.tensor.Backend;
import dev.ember.tensor.BackendConformance;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite on the first OpenCL device with the GPU's GEMM ({@link TiledArenaKernel},
 * local-memory tiles and barriers) forced, so that the kernel GPUs run is proven on PoCL in CI:
 * its awkward shapes (1×1, 17/33/129, views at offsets) exercise partial tiles and k slices.
 */
class TiledOpenClBackendTest extends BackendConformance {
    private static OpenClBackend shared;

    @BeforeAll
    static void openDevice() {
        List<DeviceInfo> devices = OpenClDevices.list();
        assumeTrue(!devices.isEmpty(), "no OpenCL device found, so the OpenCL backend cannot be tested here; "
                + OpenClDevices.INSTALL_HINT);
        shared = OpenClBackend.open(devices.get(0), 1 << 16, OpenClBackend.Gemm.LOCAL_TILED);
        assertEquals(OpenClBackend.Gemm.LOCAL_TILED, shared.gemmKernel());
    }

    @AfterAll
    static void closeDevice() {
        if (shared != null) {
            assertTrue(shared.launches() > 0, "the conformance suite launched kernels on the OpenCL device");
            shared.requireRanOnDevice();
            shared.close();
        }
    }

    @Override
    protected Backend newBackend() {
        return OpenClBackendTest.resettingView(shared);
    }
}
