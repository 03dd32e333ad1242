// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ember.kernels.opencl.OpenClDevices;
import dev.ember.tensor.Backend;
import org.junit.jupiter.api.Test;

class BackendsTest {

    private static boolean hasGpu() {
        return OpenClDevices.list().stream().anyMatch(DeviceInfo::isGpu);
    }

    @Test
    void openClOnAMissingGpuFailsWithWhatWasFoundAndHowToInstall() {
        assumeTrue(!hasGpu(), "this machine has an OpenCL GPU, so a missing GPU cannot be simulated");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Backends.create("opencl", "gpu", 1));
        assertTrue(e.getMessage().contains("device 'gpu'") || e.getMessage().contains("none was found"),
                e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install"), e.getMessage());
        OpenClDevices.list().forEach(d -> assertTrue(e.getMessage().contains(d.name()),
                "the message lists found device " + d.name() + ": " + e.getMessage()));
    }

    @Test
    void openClDeviceIndexOutOfRangeFails() {
        int missing = OpenClDevices.list().size();
        assertThrows(IllegalStateException.class, () -> Backends.create("opencl", Integer.toString(missing), 1));
    }

    @Test
    void autoWithoutGpuChoosesTheCpuBackend() {
        assumeTrue(!hasGpu(), "this machine has an OpenCL GPU, which auto prefers");
        Backends.Choice choice = Backends.choose("auto", "auto");
        assertEquals("cpu", choice.backend());
        assertNull(choice.device());
        try (Backend b = Backends.create("auto", "auto", 1)) {
            assertEquals("cpu", b.name());
        }
    }

    @Test
    void cpuBackendIgnoresOpenClAndRejectsAGpuDevice() {
        try (Backend b = Backends.create("CPU", "auto", 2)) {
            assertEquals("cpu", b.name());
        }
        assertThrows(IllegalArgumentException.class, () -> Backends.choose("cpu", "gpu"));
    }

    @Test
    void unknownSettingsAreNamedInTheError() {
        IllegalArgumentException backend = assertThrows(IllegalArgumentException.class,
                () -> Backends.choose("cuda", "auto"));
        assertTrue(backend.getMessage().contains("'cuda'"), backend.getMessage());
        IllegalArgumentException device = assertThrows(IllegalArgumentException.class,
                () -> Backends.choose("auto", "tpu"));
        assertTrue(device.getMessage().contains("'tpu'"), device.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backends.create("cpu", "auto", 0));
    }
}
