// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ember.kernels.opencl.DeviceInfo;
import dev.ember.kernels.opencl.OpenClDevices;
import dev.ember.tensor.Backend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendsTest {

    private static boolean hasGpu() {
        return OpenClDevices.list().stream().anyMatch(DeviceInfo::isGpu);
    }

    @Test
    void openClOnAMissingGpuFailsWithWhatWasFoundAndHowToInstall() {
        assumeTrue(!hasGpu(), "this machine has an OpenCL GPU, so a missing GPU cannot be simulated");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Backends.create(BackendKind.OPENCL, "gpu", 1));
        assertTrue(e.getMessage().contains("device 'gpu'") || e.getMessage().contains("none was found"),
                e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install"), e.getMessage());
        OpenClDevices.list().forEach(d -> assertTrue(e.getMessage().contains(d.name()),
                "the message lists found device " + d.name() + ": " + e.getMessage()));
    }

    @Test
    void openClDeviceIndexOutOfRangeFails() {
        int missing = OpenClDevices.list().size();
        assertThrows(IllegalStateException.class, () -> Backends.create(BackendKind.OPENCL, Integer.toString(missing), 1));
    }

    private static boolean hasCpuDevice() {
        return OpenClDevices.list().stream().anyMatch(d -> d.type().equals("CPU"));
    }

    @Test
    void autoWithoutAnyOpenClDeviceIsTheCpuBackend() {
        assumeTrue(OpenClDevices.list().isEmpty(), "this machine has an OpenCL device, which auto considers");
        Backends.Choice choice = Backends.choose(BackendKind.AUTO, "auto");
        assertEquals("cpu", choice.backend());
        assertNull(choice.device());
        try (Backend b = Backends.create(BackendKind.AUTO, "auto", 1)) {
            assertEquals("cpu", b.name());
        }
    }

    @Test
    void autoWithOnlyACpuOpenClDeviceTimesBothAndKeepsTheFaster() {
        assumeTrue(!hasGpu() && hasCpuDevice(), "needs an OpenCL CPU device (PoCL) and no GPU");
        assertTrue(Backends.signalChainingLoaded(), "the test JVM runs with libjsig preloaded (the build sets"
                + " LD_PRELOAD), which auto needs before it tries OpenCL on the CPU");
        Backends.Choice choice = Backends.choose(BackendKind.AUTO, "auto");
        assertEquals(Backends.RACE, choice.backend());
        assertEquals("CPU", choice.device().type());
        try (Backend b = Backends.create(BackendKind.AUTO, "auto", 1)) {
            assertEquals("cpu", b.name(), "with no network to time, auto stays on the CPU backend");
        }
        // The probe stands for the caller's timed network step; the backends it times are real.
        List<String> timed = new ArrayList<>();
        try (Backend b = Backends.create(BackendKind.AUTO, "auto", 1, probe("fast-opencl", timed, 10.0, 2.0))) {
            assertEquals("opencl", b.name(), "OpenCL at a fifth of the CPU's step time wins");
        }
        assertEquals(List.of("cpu", "opencl"), timed, "both backends are timed once");
        try (Backend again = Backends.create(BackendKind.AUTO, "auto", 1, probe("fast-opencl", timed, 1.0, 100.0))) {
            assertEquals("opencl", again.name(), "the race is run once per network and JVM");
        }
        assertEquals(2, timed.size());
        try (Backend b = Backends.create(BackendKind.AUTO, "auto", 1, probe("close-call", timed, 10.0, 9.5))) {
            assertEquals("cpu", b.name(), "OpenCL 5% faster is within the margin: the CPU backend stays");
        }
        try (Backend b = Backends.create(BackendKind.AUTO, "auto", 1, probe("slow-opencl", timed, 3.0, 9.0))) {
            assertEquals("cpu", b.name());
        }
    }

    @Test
    void theRacePropertyDecidesWithoutTimingAndEachResolvedIdCreatesItsBackendAgain() {
        assumeTrue(!hasGpu() && hasCpuDevice(), "needs an OpenCL CPU device (PoCL) and no GPU");
        List<String> timed = new ArrayList<>();
        for (String forced : List.of("opencl", "cpu")) {
            System.setProperty(Backends.RACE_PROPERTY, forced);
            try (Backend b = Backends.create(BackendKind.AUTO, "auto", 1, probe("forced", timed, 1.0, 100.0))) {
                assertEquals(forced, b.name(), "-D" + Backends.RACE_PROPERTY + "=" + forced);
                String id = Backends.resolvedId(b);
                Backends.Concrete again = Backends.concrete(id);
                assertTrue(again.backend() != BackendKind.AUTO, id + " names one backend, no race");
                try (Backend pinned = Backends.create(again.backend(), again.device(), 1)) {
                    assertEquals(id, Backends.resolvedId(pinned));
                }
            } finally {
                System.clearProperty(Backends.RACE_PROPERTY);
            }
        }
        assertEquals(List.of(), timed, "a forced race times nothing");
        assertTrue(Backends.resolvedId(new dev.ember.tensor.ReferenceBackend()).equals("reference"));
        try (Backend reference = Backends.create(BackendKind.REFERENCE, "auto", 1)) {
            assertEquals("reference", reference.name());
        }
    }

    /** A probe that reports fixed step times and records which backends it was asked to time. */
    private static Backends.Probe probe(String key, List<String> timed, double cpuMs, double openClMs) {
        return new Backends.Probe() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public double millisPerStep(Backend backend) {
                timed.add(backend.name());
                return backend.name().equals("cpu") ? cpuMs : openClMs;
            }
        };
    }

    @Test
    void cpuBackendIgnoresOpenClAndRejectsAGpuDevice() {
        try (Backend b = Backends.create(BackendKind.CPU, "auto", 2)) {
            assertEquals("cpu", b.name());
        }
        assertThrows(IllegalArgumentException.class, () -> Backends.choose(BackendKind.CPU, "gpu"));
    }

    @Test
    void unknownSettingsAreNamedInTheError() {
        IllegalArgumentException backend = assertThrows(IllegalArgumentException.class,
                () -> Backends.choose(BackendKind.of("cuda"), "auto"));
        assertTrue(backend.getMessage().contains("'cuda'"), backend.getMessage());
        IllegalArgumentException device = assertThrows(IllegalArgumentException.class,
                () -> Backends.choose(BackendKind.AUTO, "tpu"));
        assertTrue(device.getMessage().contains("'tpu'"), device.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backends.create(BackendKind.CPU, "auto", 0));
    }
}
