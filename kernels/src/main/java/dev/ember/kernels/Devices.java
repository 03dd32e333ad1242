// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels;

import dev.ember.kernels.cpu.CpuBackend;
import dev.ember.kernels.opencl.DeviceInfo;
import dev.ember.kernels.opencl.OpenClDevices;
import java.io.PrintStream;
import java.util.List;

/** {@code ./ember devices}: prints the OpenCL devices and what {@code backend: auto} would choose. */
public final class Devices {
    private Devices() {}

    public static void main(String[] args) {
        print(System.out);
    }

    /** Lists the OpenCL devices, the CPU backend's GEMM path, and the choice of {@code auto}. */
    public static void print(PrintStream out) {
        List<DeviceInfo> devices = OpenClDevices.list();
        if (devices.isEmpty()) {
            out.println("OpenCL devices: none (" + OpenClDevices.INSTALL_HINT + ")");
        } else {
            out.println("OpenCL devices (device: <index> selects one):");
            devices.forEach(d -> out.println("  " + d.describe()));
        }
        try (CpuBackend cpu = new CpuBackend(Runtime.getRuntime().availableProcessors())) {
            out.println("CPU backend: " + cpu.device());
        }
        out.println("backend auto, device auto would choose: " + Backends.choose(BackendKind.AUTO, "auto").describe());
    }
}
