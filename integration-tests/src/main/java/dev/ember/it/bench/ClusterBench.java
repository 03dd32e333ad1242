// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ember on a real standalone cluster against local mode. A Master and 2 Workers of 1 core each are
 * started with {@code deploy/cluster/start-cluster.sh} (and stopped with {@code stop-cluster.sh},
 * whatever happens). Two drivers run as child JVMs ({@link ClusterStepDriver}): one on the cluster,
 * with the settings {@code submit-standalone.sh} gives a job, and one in {@code local[2]}; the
 * benchmark steps them in turn, step by step, after a warm-up:
 * <ol>
 *   <li>jobs of 2 and 64 empty tasks (Spark's cost per task), then at two model sizes a step with
 *       no compute (broadcast, tasks, treeAggregate, update) and training steps (784-h-h-10 MLP,
 *       batch 128 and 1024), each with 1 and 2 executors (partitions in local mode);</li>
 *   <li>then, the drivers gone, a small {@code train} job through {@code submit-standalone.sh} (the
 *       real SparkSubmit), timed from the start of the script to Ember's first progress line.</li>
 * </ol>
 * Drivers are separate processes, so this benchmark does not need the JVM's SparkContext.
 * {@link ClusterModel} fits the scaling model of docs/scaling.md to the figures.
 */
final class ClusterBench {
    static final List<String> COLUMNS = List.of("case", "params", "master", "partitions", "step ms",
            "broadcast+submit ms", "schedule ms", "tasks ms", "merge+finish ms", "task run ms (max)", "update ms",
            "step+update ms", "samples/s", "vs local", "s after spark-submit");
    /** Batch 128 as users train; 1024 makes compute dominate the step, which the model's κ needs. */
    static final int[] BATCHES = {128, 1024};
    /** Tasks of the empty-task jobs: as many as executors, and 32 per executor for the per-task cost. */
    static final int[] TASKS = {2, 64};
    private static final int TRAIN_ROWS = 4096;
    private static final Duration STEP_DEADLINE = Duration.ofMinutes(3);
    private static final Duration READY_DEADLINE = Duration.ofMinutes(8);

    /** One side of the comparison: a driver and a number of partitions (= executors on the cluster, up to 2). */
    record Contender(ClusterDriverProcess driver, String master, int partitions) {
        boolean local() {
            return master.startsWith("local");
        }
    }

    /** What is stepped: {@code kind} overhead, train or tasks (see {@link ClusterStepDriver}). */
    record Case(String kind, int size, int batch) {
        String key() {
            return kind.equals("train") ? "train-" + batch : kind;
        }

        String label() {
            return switch (kind) {
                case "overhead" -> "step, no compute";
                case "train" -> "training step, batch " + batch;
                default -> "job of empty tasks";
            };
        }
    }

    private ClusterBench() {}

    static BenchReport run(BenchContext ctx) {
        BenchReport report = new BenchReport("cluster",
                "2-worker standalone cluster (separate JVMs) vs local[2]: step overhead, training, spark-submit",
                COLUMNS);
        Path root = Path.of("").toAbsolutePath();
        Path appJar = root.resolve("examples/target/ember-app.jar");
        if (!Files.isRegularFile(root.resolve("deploy/cluster/start-cluster.sh"))) {
            report.skipped = "deploy/cluster/start-cluster.sh is not under " + root + ": run from the Ember root";
            return report;
        }
        if (!Files.isRegularFile(appJar)) {
            report.skipped = appJar + " does not exist: build it with mvn -B package -DskipTests";
            return report;
        }
        int[] sizes = ctx.quick ? new int[] {25_000, 250_000} : new int[] {250_000, 2_500_000};
        int submits = ctx.quick ? 1 : 3;
        report.param("cluster", "deploy/cluster/start-cluster.sh 2 (1 core, 1g per Worker; authentication + RPC"
                + " encryption)").param("executor_memory", "768m").param("batches", java.util.Arrays.toString(BATCHES))
                .param("sizes", java.util.Arrays.toString(sizes)).param("submit_runs", submits);
        Path runDir = root.resolve("target/bench-cluster");
        ctx.log("cluster: starting a Master and 2 Workers with deploy/cluster/start-cluster.sh (run dir %s)", runDir);
        Map<String, Stats> figures = new LinkedHashMap<>();
        try (ClusterScripts cluster = ClusterScripts.start(root, runDir, 2)) {
            ctx.log("cluster: %s up; starting a cluster driver and a local[2] driver", cluster.masterUrl());
            try (ClusterDriverProcess local = ClusterDriverProcess.start("local[2]", root, localArgs(),
                    logFile(runDir, "driver-local.log"));
                 ClusterDriverProcess standalone = ClusterDriverProcess.start("standalone", root,
                         clusterArgs(root, cluster, appJar), logFile(runDir, "driver-standalone.log"))) {
                ctx.log("cluster: local[2] driver ready in %.1f s, standalone driver (2 executors) in %.1f s",
                        local.awaitReady(READY_DEADLINE), standalone.awaitReady(READY_DEADLINE));
                List<Contender> contenders = List.of(new Contender(local, "local[2]", 1),
                        new Contender(standalone, "standalone", 1), new Contender(local, "local[2]", 2),
                        new Contender(standalone, "standalone", 2));
                List<Contender> taskContenders = new ArrayList<>();
                for (int n : TASKS) {
                    taskContenders.add(new Contender(local, "local[2]", n));
                    taskContenders.add(new Contender(standalone, "standalone", n));
                }
                measure(ctx, report, taskContenders, new Case("tasks", 0, 0), figures);
                for (int size : sizes) {
                    measure(ctx, report, contenders, new Case("overhead", size, 0), figures);
                    for (int batch : BATCHES) {
                        measure(ctx, report, contenders, new Case("train", size, batch), figures);
                    }
                }
            }
            submit(ctx, report, root, cluster, submits);
        }
        ClusterModel.fromFigures(figures, sizes).addTo(report);
        notes(report);
        return report;
    }

    /** Steps every contender in turn after a warm-up; adds a row per contender. */
    private static void measure(BenchContext ctx, BenchReport report, List<Contender> contenders, Case what,
            Map<String, Stats> figures) {
        boolean train = what.kind().equals("train");
        int warmup = ctx.quick ? 2 : train ? 4 : 8;
        int repeats = ctx.quick ? 3 : train ? 12 : 20;
        Map<Contender, PhaseSamples> samples = new LinkedHashMap<>();
        int params = 0;
        for (Contender c : contenders) {
            String[] r = c.driver().request(String.format("setup %s %s %d %d %d %d", id(c, what), what.kind(),
                    what.size(), c.partitions(), TRAIN_ROWS, what.batch()), "setup", STEP_DEADLINE);
            params = Integer.parseInt(r[2]);
            samples.put(c, new PhaseSamples());
        }
        ctx.log("cluster: %s, %,d parameters, %d warm-up + %d steps per contender", what.label(), params, warmup,
                repeats);
        for (int s = 0; s < warmup + repeats; s++) {
            for (Contender c : contenders) {
                String[] r = c.driver().request("step " + id(c, what), "step", STEP_DEADLINE);
                if (s >= warmup) {
                    double[] v = new double[7];
                    for (int i = 0; i < 7; i++) {
                        v[i] = Double.parseDouble(r[2 + i]);
                    }
                    samples.get(c).add(new StepTimeline.Phases(v[0], v[1], v[2], v[3], v[4], v[5]), v[6], v[0]);
                }
            }
        }
        for (Contender c : contenders) {
            c.driver().request("drop " + id(c, what), "drop", STEP_DEADLINE);
        }
        String label = what.kind().equals("tasks") ? "" : String.format(java.util.Locale.ROOT, "%,d", params);
        for (Contender c : contenders) {
            PhaseSamples p = samples.get(c);
            Stats total = p.withUpdateStats();
            figures.put(key(what.key(), what.size(), c), total);
            figures.put(key(what.key() + "-update", what.size(), c), Stats.of(p.update));
            Object[] cells = p.cells(label, what.label());
            Object perSecond = train ? what.batch() * 1000.0 / total.median() : "";
            Object vsLocal = "";
            if (!c.local()) {
                Stats base = figures.get(key(what.key(), what.size(), new Contender(null, "local[2]", c.partitions())));
                vsLocal = Fmt.ratioCell(total.median() / base.median());
            }
            report.row(what.label(), label, c.master(), c.partitions(), cells[2], cells[3], cells[4], cells[5],
                    cells[6], cells[7], cells[8], cells[9], perSecond, vsLocal);
        }
        figures.put("params-" + what.key() + "-" + what.size(), new Stats(params, params, params, 1));
    }

    private static void submit(BenchContext ctx, BenchReport report, Path root, ClusterScripts cluster, int runs) {
        Path dir = cluster.runDir().resolve("submit");
        Path job = ClusterSubmitRun.writeJob(dir);
        Map<String, List<Double>> at = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            ctx.log("cluster: spark-submit run %d of %d (deploy/submit/submit-standalone.sh train %s)", i + 1, runs,
                    root.relativize(job));
            Map<String, Double> one = ClusterSubmitRun.run(root, cluster, job, dir.resolve("submit-" + i + ".log"));
            one.forEach((k, v) -> at.computeIfAbsent(k, x -> new ArrayList<>()).add(v / 1000));
            ctx.log("cluster: first step %.1f s after spark-submit; run finished after %.1f s",
                    one.get(ClusterSubmitRun.MILESTONES.get(ClusterSubmitRun.MILESTONES.size() - 1).label()) / 1000,
                    one.get("exit") / 1000);
        }
        for (ClusterSubmitRun.Milestone m : ClusterSubmitRun.MILESTONES) {
            report.row(new Object[] {"spark-submit → " + m.label(), "", "standalone", 2, "", "", "", "", "", "", "",
                    "", "", "", measured(at.get(m.label()))});
        }
        report.row(new Object[] {"spark-submit → job done (1 epoch, 16 steps, model written)", "", "standalone", 2,
                "", "", "", "", "", "", "", "", "", "", measured(at.get("exit"))});
    }

    /** The stats of the runs where a milestone was seen (its line can be missing from a run's output). */
    private static Stats measured(List<Double> values) {
        return Stats.of(values.stream().filter(v -> !Double.isNaN(v)).toList());
    }

    private static void notes(BenchReport report) {
        report.note("Drivers: two child JVMs (ClusterStepDriver), one on the standalone cluster with the settings"
                + " submit-standalone.sh gives a job (deploy/conf/spark-defaults.conf: authentication, AES RPC and"
                + " I/O encryption, Kryo; the cluster's secret; 1 core and 768m per executor) plus Ember's app jar"
                + " and the benchmark's classes on the executors' classpath, one in local[2] with Ember's defaults"
                + " (as ./ember train). Each repeat steps every contender once, in turn; median (min-max) after the"
                + " warm-up steps.");
        report.note("partitions = executors used on the cluster (1: a 1-partition dataset, one task, one executor"
                + " fetches the broadcast), task threads used in local[2]. 'job of empty tasks': count of a cached"
                + " RDD with one element per partition (2, or 64 = 32 per executor), Spark's cost per job and task."
                + " 'step, no compute': one Dense layer in -> 10, 1 row per partition (as step-overhead); 'training"
                + " step': a 784-h-h-10 ReLU MLP on cached synthetic rows, the batch split over the partitions, Adam."
                + " Phases as in step-overhead; update = mean gradient + Adam on the driver; samples/s = batch /"
                + " (step + update).");
        report.note("vs local: standalone step+update over local[2]'s with the same partitions. On this machine the"
                + " cluster's 2 executors, its driver, Master and Workers share 2 cores; loopback, not a network.");
        report.note("spark-submit rows: deploy/submit/submit-standalone.sh train job.yaml (2048 CSV rows, 8-32-4"
                + " MLP, batch 128, 1 epoch, log_every_steps 1; event log off), client deploy mode; each milestone is"
                + " the arrival of the first line of its kind in the run's output, seconds after the script started"
                + " (cumulative, not per stage).");
    }

    private static List<String> localArgs() {
        return List.of("--master", "local[2]", "--executors", "0", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.sql.shuffle.partitions=2");
    }

    private static List<String> clusterArgs(Path root, ClusterScripts cluster, Path appJar) {
        return List.of("--master", cluster.masterUrl(), "--executors", "2",
                "--properties", root.resolve("deploy/conf/spark-defaults.conf").toString(),
                "--secret-file", cluster.secretFile().toString(),
                "--conf", "spark.eventLog.enabled=false",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.executor.cores=1",
                "--conf", "spark.executor.memory=768m",
                "--conf", "spark.cores.max=2",
                "--conf", "spark.executor.extraClassPath=" + appJar + java.io.File.pathSeparator + benchClasses());
    }

    /** Where this class was loaded from (integration-tests/target/classes): the executors need it too. */
    private static String benchClasses() {
        try {
            return Path.of(ClusterBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the benchmark's classes", e);
        }
    }

    private static Path logFile(Path runDir, String name) {
        try {
            Files.createDirectories(runDir.resolve("drivers"));
            return runDir.resolve("drivers").resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + runDir.resolve("drivers"), e);
        }
    }

    private static String id(Contender c, Case what) {
        return what.key() + "-" + what.size() + "-" + (c.local() ? "local" : "standalone") + "-" + c.partitions();
    }

    static String key(String kind, int size, Contender c) {
        return kind + "/" + size + "/" + (c.local() ? "local" : "standalone") + "/" + c.partitions();
    }
}
