// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import dev.ember.kernels.cpu.CpuBackend;
import dev.ember.kernels.opencl.DeviceInfo;
import dev.ember.kernels.opencl.OpenClBackend;
import dev.ember.kernels.opencl.OpenClDevices;
import dev.ember.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures the OpenCL backend: GEMM GFLOP/s in the three transpose forms, the cost of one kernel
 * launch, and host↔device copies per MB. Shapes are {@code M×K×N} (C = op(A)·op(B) is M×N, the
 * inner dimension K). Each figure is the median and the best of timed runs after a warm-up; GEMM
 * also prints GFLOP per CPU-second of the whole process, which other processes' load on a shared
 * machine distorts less (multiply by the cores PoCL uses for an idle-machine estimate), and the
 * same GEMM on {@link CpuBackend} (OpenBLAS when netlib loads it, threads from
 * {@code OPENBLAS_NUM_THREADS}) timed in turn with the device, with the ratio of the medians.
 *
 * <p>A command, not one of {@link BenchMain}'s benchmarks. Run it as
 * {@code ./ember run-example dev.ember.it.bench.OpenClBench [deviceIndex] [repetitions]}, or with
 * {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so} (PoCL and the JVM both handle signals) and
 * {@code java -cp ... dev.ember.it.bench.OpenClBench [deviceIndex] [repetitions]}.
 */
public final class OpenClBench {
    private static final int[][] SHAPES = {{256, 784, 256}, {64, 784, 128}, {256, 256, 256}};

    private OpenClBench() {}

    public static void main(String[] args) {
        List<DeviceInfo> devices = OpenClDevices.list();
        if (devices.isEmpty()) {
            System.err.println("no OpenCL device: " + OpenClDevices.INSTALL_HINT);
            System.exit(2);
        }
        DeviceInfo device = devices.get(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        System.out.println("device " + device.describe() + ", load average " + loadAverage());
        try (OpenClBackend backend = OpenClBackend.open(device, 1 << 22);
             OpenClBackend other = OpenClBackend.open(device, 1 << 22, backend.gemmKernel()
                     == OpenClBackend.Gemm.LOCAL_TILED ? OpenClBackend.Gemm.REGISTER_BLOCKED
                     : OpenClBackend.Gemm.LOCAL_TILED);
             CpuBackend cpu = new CpuBackend(Runtime.getRuntime().availableProcessors())) {
            System.out.println("cpu " + cpu.device());
            for (OpenClBackend b : List.of(backend, other)) {
                System.out.println("GEMM kernel " + b.gemmKernel()
                        + (b == backend ? " (this device's choice)" : " (the other kind, for comparison)"));
                for (int[] s : SHAPES) {
                    for (String form : new String[] {"NN", "NT", "TN"}) {
                        gemm(b, cpu, s[0], s[1], s[2], form, reps);
                        b.reset();
                    }
                }
                b.requireRanOnDevice();
            }
            launch(backend, reps * 10);
            copies(backend, reps);
            backend.requireRanOnDevice();
        }
        System.out.println("load average after: " + loadAverage());
    }

    /** The 1, 5 and 15 minute load averages (Linux), to judge how busy a shared machine was. */
    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static Tensor random(OpenClBackend b, int rows, int cols, SplittableRandom rnd) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        Tensor t = b.allocate(rows, cols);
        b.upload(v, 0, t);
        return t;
    }

    private static void gemm(OpenClBackend b, CpuBackend cpu, int m, int k, int n, String form, int reps) {
        SplittableRandom rnd = new SplittableRandom(42);
        boolean ta = form.charAt(0) == 'T';
        boolean tb = form.charAt(1) == 'T';
        Tensor a = ta ? random(b, k, m, rnd) : random(b, m, k, rnd);
        Tensor bb = tb ? random(b, n, k, rnd) : random(b, k, n, rnd);
        Tensor c = b.allocate(m, n);
        Tensor ha = cpu.allocate(a.rows(), a.cols());
        Tensor hb = cpu.allocate(bb.rows(), bb.cols());
        Tensor hc = cpu.allocate(m, n);
        b.download(a, ha.data(), 0);
        b.download(bb, hb.data(), 0);
        Runnable device = () -> b.gemm(ta, tb, 1f, a, bb, 0f, c);
        Runnable host = () -> cpu.gemm(ta, tb, 1f, ha, hb, 0f, hc);
        warm(device);
        warm(host);
        double[] seconds = new double[reps];
        double[] hostSeconds = new double[reps];
        long deviceCpu = 0;
        for (int i = 0; i < reps; i++) {
            long cpu0 = processCpuNanos();
            seconds[i] = once(device);
            deviceCpu += processCpuNanos() - cpu0;
            hostSeconds[i] = once(host);
        }
        Arrays.sort(seconds);
        Arrays.sort(hostSeconds);
        double flop = 2.0 * m * n * k;
        System.out.printf("gemm %-4s %4dx%4dx%4d  GFLOP/s median %6.1f  best %6.1f  per CPU-second %6.1f"
                + "  | cpu median %6.1f  best %6.1f  | opencl/cpu %3.0f%%%n", form, m, k, n,
                flop / median(seconds) / 1e9, flop / seconds[0] / 1e9, flop / (deviceCpu / 1e9 / reps) / 1e9,
                flop / median(hostSeconds) / 1e9, flop / hostSeconds[0] / 1e9,
                100 * median(hostSeconds) / median(seconds));
    }

    private static void launch(OpenClBackend b, int reps) {
        Tensor one = b.allocate(1, 1);
        double[] seconds = time(reps, () -> b.fill(one, 1f));
        System.out.printf("launch (fill of 1 float)   us median %7.1f  best %7.1f%n", median(seconds) * 1e6,
                seconds[0] * 1e6);
    }

    private static void copies(OpenClBackend b, int reps) {
        int floats = 1 << 20;
        Tensor t = b.allocate(1, floats);
        float[] host = new float[floats];
        double mb = floats * 4.0 / (1 << 20);
        double[] up = time(reps, () -> b.upload(host, 0, t));
        double[] down = time(reps, () -> b.download(t, host, 0));
        System.out.printf("upload   4 MB  ms/MB median %6.3f  best %6.3f%n", median(up) * 1e3 / mb, up[0] * 1e3 / mb);
        System.out.printf("download 4 MB  ms/MB median %6.3f  best %6.3f%n", median(down) * 1e3 / mb,
                down[0] * 1e3 / mb);
        Tensor small = b.allocate(1, 256);
        float[] smallHost = new float[256];
        double[] smallUp = time(reps, () -> b.upload(smallHost, 0, small));
        double[] smallDown = time(reps, () -> b.download(small, smallHost, 0));
        System.out.printf("upload   1 KB  us median %7.1f  best %7.1f%n", median(smallUp) * 1e6, smallUp[0] * 1e6);
        System.out.printf("download 1 KB  us median %7.1f  best %7.1f%n", median(smallDown) * 1e6,
                smallDown[0] * 1e6);
    }

    /** Seconds per call, sorted, after warm-up calls (at least 5 or 1 s). */
    private static double[] time(int reps, Runnable op) {
        warm(op);
        double[] seconds = new double[reps];
        for (int i = 0; i < reps; i++) {
            seconds[i] = once(op);
        }
        Arrays.sort(seconds);
        return seconds;
    }

    private static void warm(Runnable op) {
        long warmUntil = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < 5 || System.nanoTime() < warmUntil; i++) {
            op.run();
        }
    }

    private static double once(Runnable op) {
        long t0 = System.nanoTime();
        op.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** CPU time of the whole process, PoCL's native threads included: immune to other processes' load. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }
}
