// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.opencl;

import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLLoader;
import com.aparapi.internal.opencl.OpenCLPlatform;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the OpenCL devices Aparapi can use. Without an OpenCL runtime (no {@code libOpenCL.so.1}
 * or no ICD), the list is empty: Aparapi then logs one SEVERE line and would run kernels in Java
 * threads, which {@link OpenClBackend} refuses to do.
 */
public final class OpenClDevices {
    /** What to tell a user who has no OpenCL device. */
    public static final String INSTALL_HINT = "install an OpenCL driver: on Debian/Ubuntu "
            + "'apt-get install ocl-icd-libopencl1' plus the vendor's ICD (nvidia-opencl-icd, "
            + "mesa-opencl-icd or ROCm for AMD, intel-opencl-icd), or pocl-opencl-icd for OpenCL on the CPU; "
            + "'clinfo -l' must then list the device";

    private OpenClDevices() {}

    /** Every device of every platform, in a stable order; empty without an OpenCL runtime. */
    public static List<DeviceInfo> list() {
        List<OpenCLDevice> devices = devices();
        List<DeviceInfo> out = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            OpenCLDevice d = devices.get(i);
            out.add(new DeviceInfo(i, d.getOpenCLPlatform().getName(), d.getName().trim(), d.getType().name(),
                    d.getMaxComputeUnits(), d.getGlobalMemSize(), d.getLocalMemSize()));
        }
        return List.copyOf(out);
    }

    /** The Aparapi device behind {@code info}. */
    static OpenCLDevice device(DeviceInfo info) {
        List<OpenCLDevice> devices = devices();
        if (info.index() >= devices.size()) {
            throw new IllegalArgumentException("OpenCL device index " + info.index() + " does not exist; "
                    + devices.size() + " device(s) found");
        }
        return devices.get(info.index());
    }

    private static List<OpenCLDevice> cached;

    /**
     * The devices, enumerated once per JVM. Synchronised because the platform query of the native
     * layer is not thread-safe: two tasks probing at once crashed the JVM (SIGSEGV in libc).
     */
    private static synchronized List<OpenCLDevice> devices() {
        if (cached == null) {
            List<OpenCLDevice> out = new ArrayList<>();
            if (OpenCLLoader.isOpenCLAvailable()) {
                for (OpenCLPlatform platform : new OpenCLPlatform().getOpenCLPlatforms()) {
                    out.addAll(platform.getOpenCLDevices());
                }
            }
            cached = List.copyOf(out);
        }
        return cached;
    }
}
