// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import dev.ember.kernels.BackendKind;
import dev.ember.driver.SparkSessions;
import dev.ember.driver.StepLoop;
import dev.ember.driver.config.SparkConfig;
import dev.ember.driver.optim.Adam;
import dev.ember.worker.Block;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.GradientSum;
import dev.ember.worker.NetworkSpec;
import dev.ember.worker.StepPlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * One Spark driver of the cluster benchmark, in its own JVM (a JVM has one SparkContext, and the
 * benchmark compares two masters step by step). It creates its session as Ember does
 * ({@link SparkSessions#create}), waits for its executors, then answers commands on stdin, one per
 * line, with one {@code @@} line on stdout (Spark logs to stderr):
 * <pre>
 * setup ID overhead|train|tasks PARAMS PARTITIONS ROWS BATCH  →  @@setup ID PARAMS
 * step ID        →  @@step ID stepMs submitMs scheduleMs tasksMs finishMs taskRunMs updateMs rows
 * drop ID        →  @@drop ID
 * quit           →  (exits)
 * </pre>
 * A step is Ember's {@link StepLoop#step} followed by the driver's update (mean gradient, Adam), as
 * the trainer runs it; phases come from {@link StepTimeline}. A {@code tasks} step is a {@code count}
 * of a cached one-element-per-partition RDD: Spark's own cost per job and per task, with no Ember code.
 *
 * <p>Arguments: {@code --master URL --executors N [--properties FILE] [--secret-file FILE] [--conf K=V]...};
 * the secret is read from its file so it never appears on a command line.
 */
final class ClusterStepDriver {
    private static final long EXECUTOR_DEADLINE_MS = 300_000;
    private static final long SEED = 7;

    /** One contender's state in this driver. */
    private static final class Contender {
        String id;
        boolean overhead;
        JavaRDD<Block> blocks;
        JavaRDD<Integer> empty;
        StepLoop loop;
        float[] params;
        float[] state;
        int partitions;
        int batch;
        int rows;
        long steps;
        String run;
    }

    private final Map<String, Contender> contenders = new HashMap<>();
    private final Adam adam = Adam.defaults();
    private final JavaSparkContext jsc;
    private final StepTimeline timeline;

    private ClusterStepDriver(JavaSparkContext jsc, StepTimeline timeline) {
        this.jsc = jsc;
        this.timeline = timeline;
    }

    public static void main(String[] args) throws IOException {
        String master = null;
        int executors = 0;
        Map<String, String> conf = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--master" -> master = value;
                case "--executors" -> executors = Integer.parseInt(value);
                case "--properties" -> conf.putAll(properties(Path.of(value)));
                case "--secret-file" -> conf.put("spark.authenticate.secret", Files.readString(Path.of(value)).strip());
                case "--conf" -> {
                    int eq = value.indexOf('=');
                    conf.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        long t0 = System.nanoTime();
        SparkSession spark = SparkSessions.create(new SparkConfig(master, conf), "ember-bench-cluster");
        StepTimeline timeline = new StepTimeline();
        spark.sparkContext().addSparkListener(timeline);
        int code = 0;
        try {
            awaitExecutors(spark, executors);
            reply("ready %.1f", (System.nanoTime() - t0) / 1e9);
            new ClusterStepDriver(JavaSparkContext.fromSparkContext(spark.sparkContext()), timeline)
                    .serve(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            reply("error %s", (e.getClass().getSimpleName() + ": " + e.getMessage()).replace('\n', ' '));
            e.printStackTrace();
            code = 4;
        } finally {
            spark.stop();
        }
        System.exit(code);
    }

    private void serve(Reader in) throws IOException {
        BufferedReader lines = new BufferedReader(in);
        String line;
        while ((line = lines.readLine()) != null) {
            String[] w = line.strip().split("\\s+");
            switch (w[0]) {
                case "setup" -> {
                    if (w[2].equals("tasks")) {
                        setupTasks(w[1], Integer.parseInt(w[4]));
                    } else {
                        setup(w[1], w[2].equals("overhead"), Integer.parseInt(w[3]), Integer.parseInt(w[4]),
                                Integer.parseInt(w[5]), Integer.parseInt(w[6]));
                    }
                }
                case "step" -> step(contenders.get(w[1]));
                case "drop" -> {
                    Contender c = contenders.remove(w[1]);
                    (c.empty != null ? c.empty : c.blocks).unpersist(true);
                    reply("drop %s", w[1]);
                }
                case "quit" -> {
                    return;
                }
                default -> throw new IllegalArgumentException("unknown command '" + line + "'");
            }
        }
    }

    private void setup(String id, boolean overhead, int params, int partitions, int rows, int batch) {
        NetworkSpec spec = overhead ? ClusterWorkload.overheadSpec(params) : ClusterWorkload.trainingSpec(params);
        Contender c = new Contender();
        c.id = id;
        c.overhead = overhead;
        c.partitions = partitions;
        c.rows = overhead ? partitions : rows;
        c.batch = overhead ? partitions : batch;
        jsc.setJobDescription("bench cluster " + id + ": make the data");
        c.blocks = ClusterWorkload.blocks(jsc, spec.inputWidth(), c.rows, partitions);
        jsc.setJobDescription(null);
        c.loop = new StepLoop(jsc, c.blocks, spec.toJson(), new ComputeSettings(BackendKind.CPU, "auto", 0));
        c.params = new float[spec.layout().total()];
        spec.initialize(c.params, SEED);
        c.state = new float[adam.stateSize(c.params.length)];
        c.run = "bench-cluster-" + id + "-" + System.nanoTime();
        contenders.put(id, c);
        reply("setup %s %d", id, c.params.length);
    }

    private void setupTasks(String id, int partitions) {
        Contender c = new Contender();
        c.id = id;
        c.partitions = partitions;
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            ids.add(i);
        }
        c.empty = jsc.parallelize(ids, partitions).map(i -> i).persist(StorageLevel.MEMORY_ONLY());
        c.empty.count();
        contenders.put(id, c);
        reply("setup %s 0", id);
    }

    private void step(Contender c) {
        if (c.empty != null) {
            countStep(c);
            return;
        }
        long s = c.steps++;
        StepPlan plan;
        if (c.overhead) {
            plan = new StepPlan(c.run, s, 0, 0, c.partitions, c.partitions, SEED, c.partitions, s);
        } else {
            long perEpoch = c.rows / c.batch;
            plan = new StepPlan(c.run, s, s / perEpoch, s % perEpoch, c.batch, Math.min(c.batch, 512), SEED, c.rows,
                    s);
        }
        String description = "bench cluster " + c.id + " step " + s;
        long w0 = System.currentTimeMillis();
        long n0 = System.nanoTime();
        GradientSum.Node total = c.loop.step(c.params, plan, description);
        double stepMs = (System.nanoTime() - n0) / 1e6;
        long w1 = System.currentTimeMillis();
        long u0 = System.nanoTime();
        float[] grad = total.grad();
        float inv = (float) (1.0 / total.weightSum());
        for (int i = 0; i < grad.length; i++) {
            grad[i] *= inv;
        }
        adam.step(c.params, grad, c.state, s + 1, (float) adam.lr());
        double updateMs = (System.nanoTime() - u0) / 1e6;
        StepTimeline.Phases p = timeline.await(description, w0, w1);
        reply("step %s %.3f %.1f %.1f %.1f %.1f %.1f %.3f %d", c.id, stepMs, p.submit(), p.schedule(), p.tasks(),
                p.finish(), p.taskRun(), updateMs, total.rows());
    }

    private void countStep(Contender c) {
        String description = "bench cluster " + c.id + " step " + c.steps++;
        long w0 = System.currentTimeMillis();
        long n0 = System.nanoTime();
        jsc.setJobDescription(description);
        long n = c.empty.count();
        jsc.setJobDescription(null);
        double stepMs = (System.nanoTime() - n0) / 1e6;
        StepTimeline.Phases p = timeline.await(description, w0, System.currentTimeMillis());
        reply("step %s %.3f %.1f %.1f %.1f %.1f %.1f %.3f %d", c.id, stepMs, p.submit(), p.schedule(), p.tasks(),
                p.finish(), p.taskRun(), 0.0, n);
    }

    private static void awaitExecutors(SparkSession spark, int n) {
        long deadline = System.currentTimeMillis() + EXECUTOR_DEADLINE_MS;
        // The driver is listed among the executors too.
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < n + 1) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(n + " executor(s) did not register within "
                        + EXECUTOR_DEADLINE_MS / 1000 + " s; see the Workers' logs");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for executors", e);
            }
        }
    }

    /** A Spark properties file ({@code key value} or {@code key=value} lines, {@code #} comments). */
    static Map<String, String> properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).strip()));
        return out;
    }

    private static void reply(String format, Object... args) {
        System.out.println("@@" + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
