// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.opencl;

import dev.ember.kernels.BackendKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import com.aparapi.internal.kernel.KernelProfile;
import dev.ember.kernels.Backends;
import dev.ember.tensor.Backend;
import dev.ember.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Where the kernels run, and the arena's life cycle, on the first OpenCL device. */
class OpenClDeviceTest {
    private static DeviceInfo info;
    private static OpenClBackend backend;

    @BeforeAll
    static void open() {
        List<DeviceInfo> devices = OpenClDevices.list();
        assumeTrue(!devices.isEmpty(), "no OpenCL device found; " + OpenClDevices.INSTALL_HINT);
        info = devices.get(0);
        backend = OpenClBackend.open(info, 1 << 10);
    }

    @AfterAll
    static void close() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void aparapiProfileShowsTheKernelRanOnTheOpenClDeviceOnly() {
        Tensor x = backend.allocate(8, 8);
        backend.fill(x, 2f);
        backend.gemm(false, false, 1f, x, x, 0f, backend.allocate(8, 8));
        KernelProfile profile = KernelManager.instance().getProfile(ArenaKernel.class);
        assertFalse(profile.getDevices().isEmpty(), "Aparapi recorded no device for ArenaKernel");
        for (Device d : profile.getDevices()) {
            OpenCLDevice cl = assertInstanceOf(OpenCLDevice.class, d, "ArenaKernel ran on " + d.getShortDescription());
            assertEquals(info.name(), cl.getName().trim());
        }
        assertTrue(profile.getDeviceProfile(profile.getDevices().iterator().next()) == profile.getLastDeviceProfile());
    }

    @Test
    void arenaGrowthKeepsEveryTensorsContents() {
        float[] values = new float[700];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 3f;
        }
        Tensor first = backend.allocate(7, 100);
        backend.upload(values, 0, first);
        Tensor big = backend.allocate(100, 100);    // past the 1024-float first arena: the arena grows
        backend.fill(big, 1f);
        float[] back = new float[700];
        backend.download(first, back, 0);
        assertArrayEquals(values, back);
        Tensor sum = backend.allocate(1, 100);
        backend.sumRows(first, 0f, sum);
        float[] sums = new float[100];
        backend.download(sum, sums, 0);
        assertEquals(values[0] + values[100] + values[200] + values[300] + values[400] + values[500] + values[600],
                sums[0], 1e-4f);
        backend.requireRanOnDevice();
    }

    @Test
    void resetMemoryComesBackZeroFilled() {
        backend.reset();
        Tensor t = backend.allocate(4, 4);
        backend.fill(t, 9f);
        backend.reset();
        float[] back = new float[16];
        backend.download(backend.allocate(4, 4), back, 0);
        assertArrayEquals(new float[16], back);
    }

    @Test
    void foreignTensorsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.fill(Tensor.zeros(2, 2), 2f));
        assertTrue(e.getMessage().contains("not allocated by this OpenCL backend"), e.getMessage());
    }

    @Test
    void openClWithAnAutoDeviceRunsOnOpenCl() {
        try (Backend b = Backends.create(BackendKind.OPENCL, "auto", 1)) {
            assertEquals("opencl", b.name());
            assertEquals(info.name(), b.device());
        }
    }
}
