// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One {@code train} of a small job through {@code deploy/submit/submit-standalone.sh}, which runs the
 * real {@code org.apache.spark.deploy.SparkSubmit} main class with {@code examples/target/ember-app.jar}
 * in client deploy mode, timed from the moment the script is started. Every line the run prints
 * (Spark's log on stderr, Ember's on stdout) is stamped as it arrives; the milestones are the first
 * line of each kind, in ms after the start.
 */
final class ClusterSubmitRun {
    private static final Duration DEADLINE = Duration.ofMinutes(10);
    private static final Pattern FIRST_STEP = Pattern.compile("^epoch \\d+/\\d+\\s+step 1/\\d+.*");

    /** A milestone: its label in the table and how its line is recognised. */
    record Milestone(String label, Predicate<String> line, int occurrence) {}

    /**
     * In the order they normally come. "Data prepared" is the first job Ember's train job submits
     * itself, right after DataPreparer's (starting the backends); its line names the source file, so
     * a refactoring may hide it (the row then shows no figure).
     */
    static final List<Milestone> MILESTONES = List.of(
            new Milestone("JVM up (its first output line)", l -> true, 1),
            new Milestone("spark-submit ran, job config read, SparkContext starting",
                    l -> l.contains("SparkContext: Running Spark version"), 1),
            new Milestone("SparkContext up (app registered with the Master)",
                    l -> l.contains("SchedulerBackend is ready for scheduling"), 1),
            new Milestone("1st executor registered", l -> l.contains("Registered executor"), 1),
            new Milestone("2nd executor registered", l -> l.contains("Registered executor"), 2),
            new Milestone("data read, checked, packed and cached",
                    l -> l.contains("Starting job:") && l.contains("at TrainJob.java"), 1),
            new Milestone("compute backends started on the executors",
                    l -> l.startsWith("Ember: ") && l.contains("training rows"), 1),
            new Milestone("first step done (its progress line)", l -> FIRST_STEP.matcher(l).matches(), 1));

    private ClusterSubmitRun() {}

    /** Writes the job (2048 rows of 8 features, 4 classes; a 8-32-4 MLP, batch 128, 1 epoch) into {@code dir}. */
    static Path writeJob(Path dir) {
        try {
            Files.createDirectories(dir);
            StringBuilder csv = new StringBuilder("x1,x2,x3,x4,x5,x6,x7,x8,y\n");
            SplittableRandom rnd = new SplittableRandom(3);
            for (int r = 0; r < 2048; r++) {
                double[] x = new double[8];
                for (int j = 0; j < 8; j++) {
                    x[j] = rnd.nextDouble() * 2 - 1;
                    csv.append(String.format(Locale.ROOT, "%.5f,", x[j]));
                }
                csv.append((x[0] + x[1] > 0 ? 1 : 0) + (x[2] - x[3] > 0 ? 2 : 0)).append('\n');
            }
            Path data = dir.resolve("train.csv");
            Files.writeString(data, csv);
            Path job = dir.resolve("job.yaml");
            Files.writeString(job, String.join("\n",
                    "data:",
                    "  train: '" + data + "'",
                    "  format: csv",
                    "  features: [x1, x2, x3, x4, x5, x6, x7, x8]",
                    "  label: y",
                    "  validation: 0",
                    "  partitions: 2",
                    "model:",
                    "  task: classification",
                    "  layers:",
                    "    - {dense: 32, activation: relu}",
                    "training:",
                    "  epochs: 1",
                    "  batch_size: 128",
                    "  seed: 1",
                    "  log_every_steps: 1",
                    "  optimizer: {name: adam, lr: 0.01}",
                    "output: '" + dir.resolve("out") + "'",
                    "output_mode: overwrite",
                    ""));
            return job;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the submit job into " + dir, e);
        }
    }

    /**
     * Submits {@code job} to the cluster of {@code cluster} and returns each milestone's time in ms after
     * the start (NaN when its line never came), plus {@code "exit"}: the whole run. Fails unless the run
     * exits 0. The run's stamped output is kept in {@code log}.
     */
    static Map<String, Double> run(Path root, ClusterScripts cluster, Path job, Path log) {
        List<String> command = List.of("bash", root.resolve("deploy/submit/submit-standalone.sh").toString(),
                "--conf", "spark.eventLog.enabled=false", "--", "train", job.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(job.getParent().toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("EMBER_CLUSTER_DIR", cluster.runDir().toString());
        env.put("EMBER_EXECUTOR_CORES", "1");
        env.put("EMBER_EXECUTOR_MEMORY", "512m");
        env.put("EMBER_DRIVER_MEMORY", "1g");
        env.put("EMBER_TOTAL_CORES", "2");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        List<String> stamped = new ArrayList<>();
        Map<String, Double> at = new LinkedHashMap<>();
        MILESTONES.forEach(m -> at.put(m.label(), Double.NaN));
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run deploy/submit/submit-standalone.sh", e);
        }
        Thread reader = new Thread(() -> read(process, start, stamped, at), "ember-bench-submit-output");
        reader.start();
        try {
            if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("spark-submit did not finish within " + DEADLINE.toMinutes()
                        + " min; its output is in " + log);
            }
            at.put("exit", (System.nanoTime() - start) / 1e6);
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for spark-submit", e);
        } finally {
            writeLog(log, stamped);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("spark-submit of " + job + " exited with code " + process.exitValue()
                    + "; its output is in " + log);
        }
        return at;
    }

    private static void read(Process process, long start, List<String> stamped, Map<String, Double> at) {
        Map<Milestone, Integer> seen = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                double ms = (System.nanoTime() - start) / 1e6;
                synchronized (stamped) {
                    stamped.add(String.format(Locale.ROOT, "%9.0f %s", ms, line));
                }
                for (Milestone m : MILESTONES) {
                    if (m.line().test(line) && seen.merge(m, 1, Integer::sum) == m.occurrence()) {
                        at.put(m.label(), ms);
                    }
                }
            }
        } catch (IOException e) {
            // the pipe closed with the process
        }
    }

    private static void writeLog(Path log, List<String> stamped) {
        try {
            synchronized (stamped) {
                Files.write(log, stamped);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
    }
}
