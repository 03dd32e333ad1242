// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels;

import dev.ember.kernels.opencl.OpenClDevices;
import java.util.List;

/** {@code ./ember devices}: prints the OpenCL devices and what {@code backend: auto} would choose. */
public final class Devices {
    private Devices() {}

    public static void main(String[] args) {
        List<DeviceInfo> devices = OpenClDevices.list();
        if (devices.isEmpty()) {
            System.out.println("OpenCL devices: none (" + OpenClDevices.INSTALL_HINT + ")");
        } else {
            System.out.println("OpenCL devices (device: <index> selects one):");
            devices.forEach(d -> System.out.println("  " + d.describe()));
        }
        System.out.println("backend auto, device auto would choose: " + Backends.choose("auto", "auto").describe());
    }
}
