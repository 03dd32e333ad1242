// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import dev.ember.kernels.opencl.DeviceInfo;
import dev.ember.kernels.cpu.CpuBackend;
import dev.ember.kernels.opencl.OpenClBackend;
import dev.ember.kernels.opencl.OpenClDevices;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * GFLOP/s of each backend on the GEMM calls of a 784-256-128-10 MLP step (micro-batch 64 = batch
 * 128 over 2 partitions) next to OpenBLAS's sgemm called directly and the CPU's theoretical fp32
 * peak. Paths take turns within each repeat, so load from other processes hits them alike.
 * {@link GemmBench} times every CPU path on more shapes; {@link OpenClBench} the OpenCL backend alone.
 */
final class GemmRooflineBench {
    static final int[] MLP = {784, 256, 128, 10};
    static final int MICRO_BATCH = 64;
    private static final int REPEATS = 7;

    private GemmRooflineBench() {}

    static BenchReport run(BenchContext ctx) {
        double seconds = ctx.quick ? 0.1 : 1.0;
        List<GemmCase> cases = GemmCase.mlp(MICRO_BATCH, MLP);
        List<String> notes = new ArrayList<>();
        List<GemmPaths.Path> paths = paths(notes);
        int cores = ctx.machine.cores();
        ExecutorService pool = GemmPaths.pool(cores);
        Map<String, Map<String, Stats>> rates;
        try {
            rates = measure(ctx, paths, cases, seconds, pool);
        } finally {
            pool.shutdownNow();
            paths.forEach(p -> p.close().run());
        }
        List<String> columns = new ArrayList<>(List.of("GEMM call (layer form m×k×n)"));
        paths.forEach(p -> columns.add(p.name()));
        BenchReport report = new BenchReport("gemm-roofline",
                "GFLOP/s on the MLP's GEMM calls: backends vs OpenBLAS sgemm vs the fp32 peak", columns);
        report.param("shapes", "784-256-128-10 MLP, micro-batch " + MICRO_BATCH).param("seconds_per_case", seconds)
                .param("repeats", REPEATS).param("OPENBLAS_NUM_THREADS", System.getenv("OPENBLAS_NUM_THREADS"))
                .param("peak_gflops", Fmt.round(ctx.machine.peakGflops()));
        for (GemmCase c : cases) {
            List<Object> row = new ArrayList<>(List.of(c.label()));
            paths.forEach(p -> row.add(rates.get(p.name()).get(c.label())));
            report.row(row.toArray());
        }
        Map<String, Stats> mlp = new LinkedHashMap<>();
        paths.forEach(p -> mlp.put(p.name(), mlpRate(cases, rates.get(p.name()))));
        List<Object> step = new ArrayList<>(List.of("whole MLP step (FLOP-weighted)"));
        List<Object> peak = new ArrayList<>(List.of("% of the " + cores + "-core peak " + Fmt.num(
                ctx.machine.peakGflops())));
        List<Object> vsBlas = new ArrayList<>(List.of("vs OpenBLAS sgemm, same callers"));
        for (GemmPaths.Path p : paths) {
            Stats s = mlp.get(p.name());
            step.add(s);
            peak.add(Fmt.percentCell(s.median() / ctx.machine.peakGflops()));
            String blas = p.callers() > 1 ? "OpenBLAS sgemm x" + p.callers() + " callers" : "OpenBLAS sgemm 1 thread";
            Stats ref = mlp.get(blas);
            vsBlas.add(ref == null ? "-" : Fmt.percentCell(s.median() / ref.median()));
        }
        report.row(step.toArray());
        report.row(peak.toArray());
        report.row(vsBlas.toArray());
        report.note("Theoretical peak: " + ctx.machine.peakDerivation() + ". A 1-thread path can reach at most "
                + "1/" + cores + " of it.");
        report.note("Cells: GFLOP/s median (min-max) over " + REPEATS + " repeats after a warm-up; 'xN callers' runs N"
                + " copies at once on N threads, each with its own backend and operands (Spark runs one task per"
                + " core), and sums their rates. OpenBLAS threads are fixed at load by OPENBLAS_NUM_THREADS (the"
                + " launcher sets 1), so a 2-thread OpenBLAS call cannot be measured in this JVM.");
        report.note("Forms: NT forward y = x·Wᵀ, TN dW = dyᵀ·x, NN dX = dy·W (Ember's Dense layer).");
        notes.forEach(report::note);
        return report;
    }

    static final String CPU_TASKS = "CpuBackend (auto) x2 callers";

    private static List<GemmPaths.Path> paths(List<String> notes) {
        List<GemmPaths.Path> paths = new ArrayList<>();
        try {
            BLAS blas = NativeBLAS.getInstance();
            paths.add(GemmPaths.blas("OpenBLAS sgemm 1 thread", 1, blas));
            paths.add(GemmPaths.blas("OpenBLAS sgemm x2 callers", 2, blas));
        } catch (RuntimeException | LinkageError e) {
            notes.add("No native BLAS loaded (" + e.getMessage() + "): install libopenblas0-pthread.");
        }
        paths.add(GemmPaths.cpu("CpuBackend (auto) 1 thread", 1, 1, CpuBackend.GemmPath.AUTO));
        paths.add(GemmPaths.cpu(CPU_TASKS, 2, 1, CpuBackend.GemmPath.AUTO));
        paths.add(GemmPaths.cpu("CpuBackend Vector API 1 thread", 1, 1, CpuBackend.GemmPath.JAVA));
        paths.add(GemmPaths.cpu("CpuBackend Vector API 2 threads", 1, 2, CpuBackend.GemmPath.JAVA));
        try {
            List<DeviceInfo> devices = OpenClDevices.list();
            if (devices.isEmpty()) {
                notes.add("No OpenCL device: the OpenCL backend was not measured.");
            } else {
                OpenClBackend ocl = OpenClBackend.open(devices.get(0));
                paths.add(GemmPaths.backend("OpenClBackend " + ocl.device(), 1, () -> ocl,
                        be -> ((OpenClBackend) be).reset()));
            }
        } catch (RuntimeException | LinkageError e) {
            notes.add("OpenCL backend unavailable: " + e.getMessage());
        }
        return paths;
    }

    /** Per path and case, GFLOP/s over the repeats. */
    static Map<String, Map<String, Stats>> measure(BenchContext ctx, List<GemmPaths.Path> paths, List<GemmCase> cases,
            double seconds, ExecutorService pool) {
        Map<String, Map<String, Stats>> out = new LinkedHashMap<>();
        paths.forEach(p -> out.put(p.name(), new LinkedHashMap<>()));
        boolean first = true;
        for (GemmCase c : cases) {
            ctx.log("gemm: %s", c.label());
            Map<String, List<GemmPaths.Call>> calls = new LinkedHashMap<>();
            for (GemmPaths.Path p : paths) {
                calls.put(p.name(), p.prepare().apply(c));
            }
            double warm = first ? Math.max(1.0, seconds) : seconds * 0.3;
            first = false;
            for (GemmPaths.Path p : paths) {
                GemmPaths.rate(calls.get(p.name()), c.flops(), (long) (warm * 1e9), pool);
            }
            long slice = (long) (seconds * 0.7e9 / REPEATS);
            Map<String, double[]> samples = new LinkedHashMap<>();
            paths.forEach(p -> samples.put(p.name(), new double[REPEATS]));
            for (int r = 0; r < REPEATS; r++) {
                for (GemmPaths.Path p : paths) {
                    samples.get(p.name())[r] = GemmPaths.rate(calls.get(p.name()), c.flops(), slice, pool);
                }
            }
            for (GemmPaths.Path p : paths) {
                out.get(p.name()).put(c.label(), Stats.of(samples.get(p.name())));
                p.afterCase().run();
            }
        }
        return out;
    }

    /** The rate of the whole set of calls, each run once: total FLOP / total time (medians, mins, maxes). */
    static Stats mlpRate(List<GemmCase> cases, Map<String, Stats> rates) {
        double flops = 0;
        double tMed = 0;
        double tMin = 0;
        double tMax = 0;
        for (GemmCase c : cases) {
            Stats s = rates.get(c.label());
            flops += c.flops();
            tMed += c.flops() / s.median();
            tMin += c.flops() / s.max();
            tMax += c.flops() / s.min();
        }
        return new Stats(flops / tMed, flops / tMax, flops / tMin, rates.values().iterator().next().n());
    }

    /**
     * The aggregate GFLOP/s of CpuBackend as training uses it in local[2]: one task per core, each on
     * its own 1-thread backend, over the MLP's GEMM calls.
     */
    static Stats trainingRate(BenchContext ctx, double seconds) {
        List<GemmCase> cases = GemmCase.mlp(MICRO_BATCH, MLP);
        int callers = BenchContext.PARTITIONS;
        GemmPaths.Path path = GemmPaths.cpu("CpuBackend x" + callers, callers, 1, CpuBackend.GemmPath.AUTO);
        ExecutorService pool = GemmPaths.pool(callers);
        try {
            return mlpRate(cases, measure(ctx, List.of(path), cases, seconds, pool).get(path.name()));
        } finally {
            pool.shutdownNow();
            path.close().run();
        }
    }
}
