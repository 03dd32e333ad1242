// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.opencl;

/**
 * One OpenCL device as the driver reports it. {@code index} is the device's position in
 * {@link OpenClDevices#list()} (platforms in the ICD loader's order, then devices in each
 * platform's order): it is what {@code device: <index>} selects.
 *
 * @param type {@code GPU}, {@code CPU} or {@code ACC}
 */
public record DeviceInfo(int index, String platform, String name, String type, int computeUnits,
        long globalMemoryBytes, long localMemoryBytes) {

    public boolean isGpu() {
        return "GPU".equals(type);
    }

    /** One line: {@code #0 GPU "name" (platform), 20 compute units, 8192 MB}. */
    public String describe() {
        return "#" + index + " " + type + " \"" + name + "\" (" + platform + "), " + computeUnits
                + " compute units, " + (globalMemoryBytes >> 20) + " MB global, " + (localMemoryBytes >> 10)
                + " KB local";
    }
}
