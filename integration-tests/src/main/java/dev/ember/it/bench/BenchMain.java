// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code ./ember bench [NAME ...] [--quick]}: runs the named benchmarks (all when none is named) in
 * this one JVM, prints each table as it finishes, and writes {@code bench-results.json} and
 * {@code bench-results.md} in the working directory (the launcher runs from the repository root).
 * {@code --quick} shrinks every size for a smoke test; its figures mean nothing. The exit code is 1
 * when a benchmark failed (missed targets are reported, not failures).
 *
 * <p>Order: GEMM first (no Spark running), then the benchmarks sharing one local[2] session, then
 * {@code cluster} (its drivers are child JVMs), then {@code scaling}, which needs the JVM's only
 * SparkContext for its own local-cluster sessions.
 *
 * <p>Two measurements have mains of their own, outside this runner: {@link GemmBench} (every CPU
 * GEMM path on every MLP shape) and {@link OpenClBench} (the OpenCL backend's GEMM, launches and
 * copies), run with {@code ./ember run-example dev.ember.it.bench.GemmBench} and the like.
 */
public final class BenchMain {
    private static final Map<String, Function<BenchContext, BenchReport>> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("gemm-roofline", GemmRooflineBench::run);
        BENCHMARKS.put("step-overhead", StepOverheadBench::run);
        BENCHMARKS.put("epoch-roofline", EpochRooflineBench::run);
        BENCHMARKS.put("mlp-vs-mllib", MlpVsMllibBench::run);
        BENCHMARKS.put("scoring", ScoringBench::run);
        BENCHMARKS.put("cluster", ClusterBench::run);
        BENCHMARKS.put("scaling", ScalingBench::run);
    }

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        List<String> names = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--quick")) {
                quick = true;
            } else if (a.equals("-h") || a.equals("--help")) {
                System.out.println("usage: ./ember bench [" + String.join("|", BENCHMARKS.keySet()) + " ...] [--quick]");
                return;
            } else if (BENCHMARKS.containsKey(a)) {
                names.add(a);
            } else {
                System.err.println("ember bench: unknown benchmark '" + a + "'; known: "
                        + String.join(", ", BENCHMARKS.keySet()) + " (and --quick)");
                System.exit(2);
            }
        }
        List<String> selected = BENCHMARKS.keySet().stream().filter(n -> names.isEmpty() || names.contains(n)).toList();
        Machine machine = Machine.read();
        List<BenchReport> reports = new ArrayList<>();
        Path json = Path.of("bench-results.json").toAbsolutePath();
        Path md = Path.of("bench-results.md").toAbsolutePath();
        try (BenchContext ctx = new BenchContext(quick, machine, System.out)) {
            for (String name : selected) {
                if (name.equals("scaling")) {
                    ctx.close();
                }
                reports.add(runOne(ctx, name));
                System.out.println();
                System.out.print(ReportWriter.markdown(reports.get(reports.size() - 1)));
                System.out.flush();
                ReportWriter.write(json, md, machine, List.of(args), reports);
            }
        }
        System.out.println(ReportWriter.summary(reports));
        System.out.println("written: " + json + " and " + md);
        // Spark's non-daemon threads (local-cluster workers) must not keep the JVM alive. A missed
        // target is a figure, not a failure; a benchmark that could not run is.
        System.exit(reports.stream().anyMatch(r -> r.failed != null) ? 1 : 0);
    }

    private static BenchReport runOne(BenchContext ctx, String name) {
        double load = Machine.loadAverage();
        long t0 = System.nanoTime();
        ctx.log("%s: starting (load average %s)", name, Fmt.num(load));
        BenchReport report;
        try {
            report = BENCHMARKS.get(name).apply(ctx);
        } catch (RuntimeException | Error e) {
            report = new BenchReport(name, "failed", List.of());
            report.failed = e.getClass().getSimpleName() + ": " + e.getMessage();
            e.printStackTrace(System.out);
        }
        report.loadStart = load;
        report.loadEnd = Machine.loadAverage();
        report.seconds = (System.nanoTime() - t0) / 1e9;
        return report;
    }
}
