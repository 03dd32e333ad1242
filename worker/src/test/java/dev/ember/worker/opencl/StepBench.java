// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.opencl;

import dev.ember.kernels.opencl.DeviceInfo;
import dev.ember.kernels.cpu.CpuBackend;
import dev.ember.kernels.opencl.OpenClBackend;
import dev.ember.kernels.opencl.OpenClDevices;
import dev.ember.tensor.Backend;
import dev.ember.tensor.Rng;
import dev.ember.worker.Batch;
import dev.ember.worker.Network;
import dev.ember.worker.NetworkSpec;
import dev.ember.worker.nn.CrossEntropy;
import dev.ember.worker.nn.Dense;
import dev.ember.worker.nn.Relu;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One training step of the Fashion-MNIST MLP 784-256-128-10 (ReLU, softmax cross-entropy) per
 * backend, CpuBackend on every core against OpenClBackend on the first OpenCL device. A command,
 * not a test (it lives in the test tree because it needs both kernels and worker):
 * <pre>
 *   LD_PRELOAD=$JAVA_HOME/lib/libjsig.so java -cp "$(cat worker/target/cp.txt):worker/target/test-classes:worker/target/classes" \
 *       dev.ember.worker.opencl.StepBench [repeats [batch sizes, comma-separated]]
 * </pre>
 * ({@code worker/target/cp.txt} from {@code mvn -pl worker -am test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test}.) Two timings per batch size:
 * {@code micro-batch}, one {@link Network#accumulateGradient} (upload of the inputs, forward, loss,
 * backward); and {@code task step}, what a task with one micro-batch does: load the parameters,
 * zero the gradient, the micro-batch, read the gradient back. After a warm-up (2 s per backend)
 * the backends take turns in every repeat; the table gives median and min ms per step, the
 * process CPU-ms per step (all threads, PoCL's included: less distorted by other processes on a
 * shared machine), the OpenCL/CPU ratio of the medians, and the load average before and after.
 */
public final class StepBench {
    private static final int INPUTS = 784;

    private StepBench() {}

    /** One backend's network, host buffers and timings. */
    private record Subject(String name, Network net, float[] params, float[] grad, List<double[]> samples) {}

    public static void main(String[] args) throws IOException {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "128,256").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int cores = Runtime.getRuntime().availableProcessors();
        NetworkSpec spec = new NetworkSpec(INPUTS, List.of(),
                List.of(new Dense(256), new Relu(), new Dense(128), new Relu(), new Dense(10)), new CrossEntropy(), 1);
        List<DeviceInfo> devices = OpenClDevices.list();
        System.out.printf(Locale.ROOT, "MLP 784-256-128-10, %d repeats, %d cores, load average %s%n", repeats, cores,
                loadAverage());
        try (CpuBackend cpu = new CpuBackend(cores);
             OpenClBackend cl = devices.isEmpty() ? null : OpenClBackend.open(devices.get(0))) {
            System.out.println("cpu:    " + cpu.device());
            System.out.println("opencl: " + (cl == null ? "no device, " + OpenClDevices.INSTALL_HINT : cl.device()));
            for (int n : sizes) {
                List<Backend> backends = cl == null ? List.of(cpu) : List.of(cpu, cl);
                bench(spec, backends, n, repeats);
                if (cl != null) {
                    cl.reset();
                }
            }
            if (cl != null) {
                cl.requireRanOnDevice();
            }
        }
        System.out.println("load average after: " + loadAverage());
    }

    private static void bench(NetworkSpec spec, List<Backend> backends, int n, int repeats) {
        Batch batch = batch(n);
        List<Subject> subjects = new ArrayList<>();
        for (Backend b : backends) {
            float[] params = new float[spec.layout().total()];
            spec.initialize(params, 7);
            Network net = new Network(spec, b, n);
            net.loadParams(params);
            subjects.add(new Subject(b.name(), net, params, new float[params.length],
                    List.of(new double[repeats], new double[repeats], new double[2])));
        }
        for (Subject s : subjects) {
            long until = System.nanoTime() + 2_000_000_000L;
            for (int i = 0; i < 10 || System.nanoTime() < until; i++) {
                taskStep(s, batch);
            }
        }
        for (int r = 0; r < repeats; r++) {
            for (Subject s : subjects) {
                long cpu0 = cpuNanos();
                long t0 = System.nanoTime();
                s.net().accumulateGradient(batch);
                long t1 = System.nanoTime();
                long cpu1 = cpuNanos();
                taskStep(s, batch);
                long t2 = System.nanoTime();
                s.samples().get(0)[r] = (t1 - t0) / 1e6;
                s.samples().get(1)[r] = (t2 - t1) / 1e6;
                s.samples().get(2)[0] += (cpu1 - cpu0) / 1e6 / repeats;
                s.samples().get(2)[1] += (cpuNanos() - cpu1) / 1e6 / repeats;
            }
        }
        for (Backend b : backends) {
            if (b instanceof OpenClBackend cl) {
                long before = cl.launches();
                subjects.get(backends.indexOf(b)).net().accumulateGradient(batch);
                long micro = cl.launches() - before;
                taskStep(subjects.get(backends.indexOf(b)), batch);
                System.out.printf(Locale.ROOT, "batch %4d  opencl kernel launches: micro-batch %d, task step %d%n", n,
                        micro, cl.launches() - before - micro);
            }
        }
        for (int kind = 0; kind < 2; kind++) {
            String what = kind == 0 ? "micro-batch" : "task step";
            double cpuMedian = 0;
            for (Subject s : subjects) {
                double[] v = s.samples().get(kind);
                Arrays.sort(v);
                double median = v[v.length / 2];
                if (s.name().equals("cpu")) {
                    cpuMedian = median;
                }
                String ratio = s.name().equals("cpu") ? "" : String.format(Locale.ROOT, "  opencl/cpu %.2fx",
                        median / cpuMedian);
                System.out.printf(Locale.ROOT, "batch %4d  %-11s %-6s ms/step median %7.2f  min %7.2f  CPU-ms %7.2f%s%n",
                        n, what, s.name(), median, v[0], s.samples().get(2)[kind], ratio);
            }
        }
        subjects.forEach(s -> s.net().close());
    }

    /** A task with one micro-batch: parameters up, gradient zeroed, forward + backward, gradient down. */
    private static void taskStep(Subject s, Batch batch) {
        s.net().loadParams(s.params());
        s.net().zeroGradient();
        s.net().accumulateGradient(batch);
        s.net().readGradient(s.grad());
    }

    /** N(0, 1) pixels (standardised), random classes. */
    private static Batch batch(int n) {
        Batch b = Batch.allocate(n, INPUTS, 0, 1).withRows(n);
        for (int i = 0; i < n * INPUTS; i++) {
            b.features()[i] = (float) Rng.normal(1, 1, i);
        }
        for (int r = 0; r < n; r++) {
            b.labels()[r] = Rng.below(1, 2, r, 10);
            b.weights()[r] = 1f;
            b.rowKeys()[r] = r;
        }
        return b;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }
}
