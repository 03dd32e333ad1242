// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels;

import dev.ember.kernels.cpu.CpuBackend;
import dev.ember.kernels.opencl.OpenClBackend;
import dev.ember.kernels.opencl.OpenClDevices;
import dev.ember.tensor.Backend;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses and creates the compute backend from the job's {@code backend: auto | opencl | cpu} and
 * {@code device: auto | gpu | cpu | <index>} (the index of {@link OpenClDevices#list()}).
 *
 * <p>{@code auto} takes an OpenCL GPU when there is one. Without one it takes {@link CpuBackend},
 * not OpenCL on the CPU (PoCL): Ember's OpenCL GEMM on PoCL runs at about a quarter of OpenBLAS's
 * rate and a training step takes over three times as long as on CpuBackend ({@code OpenClBench}
 * and {@code StepBench} measure both; docs/opencl.md has the figures), and every PoCL launch costs
 * tens of microseconds more than a Java call. {@code opencl} never falls back: without a matching device it
 * fails with what was found and how to install a driver.
 *
 * <p>Creating an OpenCL backend compiles its kernel (about a second): the worker's {@code Engine}
 * creates backends once per JVM and reuses them across tasks and steps. The choice is logged once
 * per JVM and distinct choice.
 */
public final class Backends {
    private static final System.Logger LOG = System.getLogger(Backends.class.getName());
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private Backends() {}

    /** What {@link #create} would build: a backend name, the OpenCL device if any, and why. */
    public record Choice(String backend, DeviceInfo device, String reason) {
        public String describe() {
            return backend + (device == null ? "" : " on " + device.describe()) + " (" + reason + ")";
        }
    }

    /** Creates the chosen backend; {@code threads} sizes the CPU backend (PoCL uses all cores). */
    public static Backend create(String backend, String device, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Choice choice = choose(backend, device);
        Backend created = choice.device() == null ? new CpuBackend(threads) : OpenClBackend.open(choice.device());
        if (LOGGED.add(choice.describe())) {
            LOG.log(System.Logger.Level.INFO, "Ember backend: " + choice.describe() + ", device " + created.device());
        }
        return created;
    }

    /** Decides without creating anything (no kernel compile). */
    public static Choice choose(String backend, String device) {
        String b = backend.trim().toLowerCase(Locale.ROOT);
        String d = device.trim().toLowerCase(Locale.ROOT);
        if (!d.equals("auto") && !d.equals("gpu") && !d.equals("cpu") && !d.matches("\\d+")) {
            throw new IllegalArgumentException("device must be auto, gpu, cpu or a device index, got '" + device + "'");
        }
        if (b.equals("cpu")) {
            if (!d.equals("auto") && !d.equals("cpu")) {
                throw new IllegalArgumentException("backend cpu runs on the host: device must be auto or cpu, got '"
                        + device + "'");
            }
            return new Choice("cpu", null, "backend cpu requested");
        }
        if (b.equals("opencl")) {
            return new Choice("opencl", openClDevice(d), "backend opencl, device " + d);
        }
        if (!b.equals("auto")) {
            throw new IllegalArgumentException("backend must be auto, opencl or cpu, got '" + backend + "'");
        }
        if (d.equals("cpu")) {
            return new Choice("cpu", null, "device cpu requested");
        }
        if (!d.equals("auto")) {
            return new Choice("opencl", openClDevice(d), "device " + d + " requested");
        }
        List<DeviceInfo> gpus = OpenClDevices.list().stream().filter(DeviceInfo::isGpu).toList();
        return gpus.isEmpty()
                ? new Choice("cpu", null, "no OpenCL GPU; CpuBackend's GEMM is several times faster than OpenCL on the CPU")
                : new Choice("opencl", gpus.get(0), "first OpenCL GPU");
    }

    private static DeviceInfo openClDevice(String d) {
        List<DeviceInfo> all = OpenClDevices.list();
        if (all.isEmpty()) {
            throw new IllegalStateException("backend opencl needs an OpenCL device but none was found: "
                    + OpenClDevices.INSTALL_HINT + "; or use backend: cpu");
        }
        List<DeviceInfo> matching = all.stream().filter(i -> d.equals("auto") || (d.equals("gpu") && i.isGpu())
                || (d.equals("cpu") && i.type().equals("CPU")) || d.equals(Integer.toString(i.index()))).toList();
        if (matching.isEmpty()) {
            throw new IllegalStateException("no OpenCL device matches device '" + d + "'; found: "
                    + all.stream().map(DeviceInfo::describe).toList() + ". For a GPU, " + OpenClDevices.INSTALL_HINT);
        }
        List<DeviceInfo> gpus = matching.stream().filter(DeviceInfo::isGpu).toList();
        return gpus.isEmpty() ? matching.get(0) : gpus.get(0);
    }
}
