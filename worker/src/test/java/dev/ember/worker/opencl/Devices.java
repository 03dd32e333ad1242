// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.opencl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ember.kernels.opencl.DeviceInfo;
import dev.ember.kernels.opencl.OpenClBackend;
import dev.ember.kernels.opencl.OpenClDevices;
import java.util.List;

/** Opens the first OpenCL device for a test class, or skips the class with a visible reason. */
final class Devices {
    /** Enough for every test network here: the arena does not have to grow (a recompile). */
    static final int ARENA_FLOATS = 1 << 20;

    private Devices() {}

    static OpenClBackend openFirstOrSkip() {
        List<DeviceInfo> devices = OpenClDevices.list();
        assumeTrue(!devices.isEmpty(), "no OpenCL device found, so networks cannot be tested on OpenCL here; "
                + OpenClDevices.INSTALL_HINT);
        return OpenClBackend.open(devices.get(0), ARENA_FLOATS);
    }
}
