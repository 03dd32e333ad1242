// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels;

import dev.ember.kernels.cpu.CpuBackend;
import dev.ember.kernels.opencl.DeviceInfo;
import dev.ember.kernels.opencl.OpenClBackend;
import dev.ember.kernels.opencl.OpenClDevices;
import dev.ember.tensor.Backend;
import dev.ember.tensor.ReferenceBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses and creates the compute backend from the job's {@code backend: auto | opencl | cpu} and
 * {@code device: auto | gpu | cpu | <index>} (the index of {@link OpenClDevices#list()}).
 *
 * <p>{@code auto} takes an OpenCL GPU when there is one. Without one, when an OpenCL CPU device
 * (PoCL) exists, it times one training step of the job's own network on {@link CpuBackend} and on
 * that device (the caller's {@link Probe}) and keeps the faster, once per JVM and network; the
 * OpenCL device must win by {@value #RACE_MARGIN}x, so that noise cannot flip a close call between
 * runs and backends do not alternate across executors. On this project's test machine CpuBackend
 * wins by about 3x ({@code StepBench}, docs/opencl.md). Without a probe, or without any OpenCL
 * device, {@code auto} is CpuBackend. {@code opencl} never falls back: without a matching device it
 * fails with what was found and how to install a driver.
 *
 * <p>The race is one JVM's measurement, so a run makes it once: the driver collects what each
 * executor chose ({@link #resolvedId}) and every task of the run then creates that concrete backend
 * ({@link #concrete}), never racing again; a checkpoint records it, and a resume reuses it. The
 * system property {@value #RACE_PROPERTY} ({@code cpu} or {@code opencl}) decides the race without
 * timing, to reproduce either outcome.
 *
 * <p>Creating an OpenCL backend compiles its kernel (about a second): the worker's {@code Engine}
 * creates backends once per JVM and reuses them across tasks and steps. The choice is logged once
 * per JVM and distinct choice.
 */
public final class Backends {
    private static final System.Logger LOG = System.getLogger(Backends.class.getName());
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
    /** Decides {@code auto}'s race without timing: {@code cpu} or {@code opencl}. */
    public static final String RACE_PROPERTY = "ember.backend.race";
    /** How much faster OpenCL on a CPU device must step than CpuBackend for {@code auto} to take it. */
    static final double RACE_MARGIN = 1.1;
    /** The race's winner per probe key: "cpu", or the OpenCL device index. */
    private static final Map<String, String> RACES = new HashMap<>();

    private Backends() {}

    /** Times one training step of the caller's network on a backend, in milliseconds. */
    public interface Probe {
        /** What identifies the network and its size: one race per key and JVM. */
        String key();

        double millisPerStep(Backend backend);
    }

    /** {@link Choice#backend()} when {@code auto} times CpuBackend against an OpenCL CPU device. */
    public static final String RACE = "cpu or opencl, timed";

    /** What {@link #create} would build: a backend name, the OpenCL device if any, and why. */
    public record Choice(String backend, DeviceInfo device, String reason) {
        public String describe() {
            return backend + (device == null ? "" : " on " + device.describe()) + " (" + reason + ")";
        }
    }

    /** Creates the chosen backend with no network to time ({@code auto} without a GPU is CpuBackend). */
    public static Backend create(BackendKind backend, String device, int threads) {
        return create(backend, device, threads, null);
    }

    /**
     * Creates the chosen backend; {@code threads} sizes the CPU backend (PoCL uses all cores). When
     * {@code auto} has to pick between CpuBackend and OpenCL on a CPU device, {@code probe} (may be
     * null) times both on the network.
     */
    public static Backend create(BackendKind backend, String device, int threads, Probe probe) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Choice choice = choose(backend, device);
        if (choice.backend().equals(RACE)) {
            if (probe == null) {
                return log(new Choice("cpu", null, "no OpenCL GPU and no network to time"), new CpuBackend(threads));
            }
            if (!signalChainingLoaded()) {
                return log(new Choice("cpu", null, "no OpenCL GPU, and OpenCL on the CPU is not tried in a JVM"
                        + " without LD_PRELOAD=$JAVA_HOME/lib/libjsig.so (its compiler can crash the JVM)"),
                        new CpuBackend(threads));
            }
            return race(choice.device(), threads, probe);
        }
        Backend created = choice.backend().equals("reference") ? new ReferenceBackend()
                : choice.device() == null ? new CpuBackend(threads) : OpenClBackend.open(choice.device());
        return log(choice, created);
    }

    /**
     * What {@code backend} is, as a run records it: {@code cpu}, {@code reference} or
     * {@code opencl:<device index>}; {@link #concrete} turns it back into settings that create it.
     */
    public static String resolvedId(Backend backend) {
        if (backend instanceof OpenClBackend cl) {
            return "opencl:" + cl.deviceInfo().index();
        }
        return backend.name();
    }

    /** The backend and device settings that create the backend {@link #resolvedId} named, with no race. */
    public static Concrete concrete(String resolvedId) {
        if (resolvedId.startsWith("opencl:")) {
            return new Concrete(BackendKind.OPENCL, resolvedId.substring("opencl:".length()));
        }
        return new Concrete(BackendKind.of(resolvedId), "auto");
    }

    /** {@code compute.backend} and {@code compute.device} values that name one backend exactly. */
    public record Concrete(BackendKind backend, String device) {}

    private static Backend log(Choice choice, Backend created) {
        if (LOGGED.add(choice.describe())) {
            LOG.log(System.Logger.Level.INFO, "Ember backend: " + choice.describe() + ", device " + created.device());
        }
        return created;
    }

    /**
     * Whether HotSpot's signal-chaining library is loaded in this process: without it an LLVM-based
     * OpenCL compiler (PoCL) can crash the JVM, so {@code auto} only tries OpenCL on a CPU with it.
     */
    static boolean signalChainingLoaded() {
        try {
            return Files.readString(Path.of("/proc/self/maps")).contains("libjsig");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** CpuBackend against OpenCL on {@code device}, timed on the probe's network once per JVM and key. */
    private static Backend race(DeviceInfo device, int threads, Probe probe) {
        String forced = System.getProperty(RACE_PROPERTY);
        if (forced != null) {
            String reason = "no OpenCL GPU; the race is decided by -D" + RACE_PROPERTY + "=" + forced;
            return switch (forced) {
                case "cpu" -> log(new Choice("cpu", null, reason), new CpuBackend(threads));
                case "opencl" -> log(new Choice("opencl", device, reason), OpenClBackend.open(device));
                default -> throw new IllegalArgumentException(RACE_PROPERTY + " must be cpu or opencl, got '"
                        + forced + "'");
            };
        }
        String key = probe.key() + "|" + threads + "|" + device.index();
        // one race per key: tasks that arrive while it runs wait for its decision
        synchronized (RACES) {
            String decided = RACES.get(key);
            if (decided != null) {
                return decided.equals("cpu") ? new CpuBackend(threads) : OpenClBackend.open(device);
            }
            Backend cpu = new CpuBackend(threads);
            OpenClBackend cl;
            try {
                cl = OpenClBackend.open(device);
            } catch (RuntimeException e) {
                RACES.put(key, "cpu");
                LOG.log(System.Logger.Level.WARNING, "Ember backend auto: OpenCL on " + device.describe()
                        + " could not start (" + e.getMessage() + "); using CpuBackend");
                return log(new Choice("cpu", null, "OpenCL on the CPU device failed to start"), cpu);
            }
            double cpuMs = probe.millisPerStep(cpu);
            double clMs = probe.millisPerStep(cl);
            boolean openClWins = clMs * RACE_MARGIN < cpuMs;
            cl.reset();
            RACES.put(key, openClWins ? Integer.toString(device.index()) : "cpu");
            String reason = String.format(Locale.ROOT, "no OpenCL GPU; one step of this network took %.2f ms on"
                    + " CpuBackend and %.2f ms on OpenCL %s", cpuMs, clMs, device.name());
            if (openClWins) {
                cpu.close();
                return log(new Choice("opencl", device, reason), cl);
            }
            cl.close();
            return log(new Choice("cpu", null, reason), cpu);
        }
    }

    /** Decides without creating anything (no kernel compile). */
    public static Choice choose(BackendKind backend, String device) {
        String b = backend.configName();
        String d = device.trim().toLowerCase(Locale.ROOT);
        if (!d.equals("auto") && !d.equals("gpu") && !d.equals("cpu") && !d.matches("\\d+")) {
            throw new IllegalArgumentException("device must be auto, gpu, cpu or a device index, got '" + device + "'");
        }
        if (b.equals("reference")) {
            return new Choice("reference", null, "backend reference requested (plain loops: slow)");
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
        if (d.equals("cpu")) {
            return new Choice("cpu", null, "device cpu requested");
        }
        if (!d.equals("auto")) {
            return new Choice("opencl", openClDevice(d), "device " + d + " requested");
        }
        List<DeviceInfo> all = OpenClDevices.list();
        List<DeviceInfo> gpus = all.stream().filter(DeviceInfo::isGpu).toList();
        if (!gpus.isEmpty()) {
            return new Choice("opencl", gpus.get(0), "first OpenCL GPU");
        }
        List<DeviceInfo> cpus = all.stream().filter(i -> i.type().equals("CPU")).toList();
        return cpus.isEmpty() ? new Choice("cpu", null, "no OpenCL device")
                : new Choice(RACE, cpus.get(0), "no OpenCL GPU: CpuBackend and OpenCL on the CPU are timed on the"
                        + " job's network at its first task, and OpenCL is kept only if it is " + RACE_MARGIN
                        + "x faster");
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
