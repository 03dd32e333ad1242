// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.driver.SparkSessions;
import dev.ember.driver.TrainJob;
import dev.ember.driver.config.JobConfig;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.ModelFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Ember's {@code train} job on a real 2-Worker standalone cluster, reading its CSV from HDFS and writing
 * the model back to HDFS: it agrees with the same config trained in {@code local[2]}, and a run that loses
 * two executor JVMs to kill -9 mid-training ends with the unfaulted run's exact bits.
 *
 * <p>Every run goes through {@link SparkSessions#create} and {@link TrainJob#run}, as the command line
 * does; only the {@code spark} section (master and the cluster's driver settings) and {@code output}
 * differ between runs. One cluster, one HDFS and one cluster driver serve both tests; the local run comes
 * first because a JVM holds one SparkContext at a time.
 */
@Tag("cluster")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTrainingIT {
    private static final Duration EXECUTORS_DEADLINE = Duration.ofSeconds(120);
    private static final String DATA = "/data/train.csv";
    private static final int ROWS = 1600;
    private static final int PARTITIONS = 4;
    private static final int BATCH = 64;
    private static final int EPOCHS = 4;
    private static final long TOTAL_STEPS = (long) EPOCHS * ((ROWS + BATCH - 1) / BATCH);

    /**
     * Largest allowed |θ(cluster) − θ(local[2])|. With the same data.partitions both runs put the same
     * rows in the same partitions (the repartition follows input order, and each block is sorted by
     * global row index), every partition's gradient is the same sequence of float operations, and
     * GradientSum adds the partitions in a fixed tree order; Java float arithmetic is strict IEEE 754,
     * so neither the JIT tier nor the JVM changes a bit. Agreement is expected to be exact; 1e-5 (the
     * partition-equivalence tolerance of the driver's own tests) only leaves room for an executor that
     * picks another kernel implementation than the driver JVM, and is thousands of times smaller than
     * how far training moves the parameters (asserted), so a lost or doubled partition fails it by far.
     */
    private static final double TOLERANCE = 1e-5;

    private static MiniHdfs hdfs;
    private static StandaloneCluster cluster;
    private static SparkSession clusterDriver;
    private static Model unfaulted;

    @BeforeAll
    static void start() throws IOException {
        CompletableFuture<MiniHdfs> starting = CompletableFuture.supplyAsync(MiniHdfs::start);
        try {
            cluster = StandaloneCluster.start(StandaloneCluster.Spec.of(2).withFullJit());
        } finally {
            hdfs = starting.join();
        }
        writeData();
    }

    @AfterAll
    static void stop() {
        try {
            Drivers.stop(clusterDriver);
        } finally {
            try {
                if (cluster != null) {
                    cluster.close();
                }
            } finally {
                if (hdfs != null) {
                    hdfs.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    void clusterTrainingFromHdfsEqualsLocalTraining() throws IOException {
        JobConfig localCfg = config("local[2]", hdfs.sparkSettings(), "/models/local");
        SparkSession local = SparkSessions.create(localCfg.spark(), "cluster-training-it-local");
        long t0 = System.nanoTime();
        try {
            TrainJob.run(local, localCfg, quiet());
        } finally {
            Drivers.stop(local);
        }
        long localMs = (System.nanoTime() - t0) / 1_000_000;
        Model localModel = readModel("/models/local");

        Model clusterModel = unfaultedClusterModel();

        float[] initial = initialParams(localModel);
        double moved = maxAbsDiff(initial, localModel.params());
        double diff = maxAbsDiff(localModel.params(), clusterModel.params());
        System.out.printf(Locale.ROOT, "ClusterTrainingIT: %d steps; local[2] run %d ms; parameters moved up to %.4f;"
                + " max |cluster - local| = %.3g (tolerance %.0e), bit-identical: %s%n", TOTAL_STEPS, localMs, moved,
                diff, TOLERANCE, Arrays.equals(localModel.params(), clusterModel.params()));
        assertEquals(localModel.params().length, clusterModel.params().length, "parameter counts");
        assertTrue(moved > 1000 * TOLERANCE, "training must move the parameters well beyond the tolerance, moved "
                + moved);
        assertTrue(diff <= TOLERANCE, "cluster and local[2] parameters differ by up to " + diff);
        assertArrayEquals(localModel.preprocessing().mean(), clusterModel.preprocessing().mean(), "feature means");
        assertArrayEquals(localModel.preprocessing().std(), clusterModel.preprocessing().std(), "feature deviations");
    }

    @Test
    @Order(2)
    void twoExecutorKillsDuringTrainingLeaveTheParametersBitIdentical() throws Exception {
        Model reference = unfaultedClusterModel();
        SparkSession spark = clusterDriver();
        String appId = spark.sparkContext().applicationId();
        StepWatcher watcher = new StepWatcher();
        spark.sparkContext().addSparkListener(watcher);
        ExecutorKiller killer = new ExecutorKiller(cluster, appId, watcher);

        long t0 = System.nanoTime();
        ExecutorKiller.Report report;
        killer.start();
        try {
            runOnCluster("/models/faulted");
        } finally {
            report = killer.finish();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Model faulted = readModel("/models/faulted");

        System.out.printf(Locale.ROOT, "ClusterTrainingIT faulted run: %d ms; kills %s; executors removed %d,"
                + " added %d (registered at steps %s); failed task attempts %d%n", ms, report.kills(),
                watcher.removed(), watcher.added(), watcher.addedAtSteps(), watcher.failedTasks());
        assertNull(report.error(), "the killer thread failed: " + report.error());
        assertEquals(2, report.kills().size(), "both kills must land while training runs: " + report);
        for (ExecutorKiller.Kill kill : report.kills()) {
            assertTrue(kill.atStep() < TOTAL_STEPS, "kill " + kill + " came before the last step");
            assertFalse(kill.victim().isAlive(), "the killed executor " + kill.victim() + " is gone");
        }
        assertTrue(watcher.removed() >= 2, "the driver saw both executors go, saw " + watcher.removed());
        assertTrue(watcher.failedTasks() >= 1, "a kill must catch tasks in flight, so that retries are tested");
        assertTrue(spark.sparkContext().conf().getOption("spark.task.maxFailures").isEmpty(),
                "the run used Spark's default spark.task.maxFailures");
        assertTrue(Arrays.equals(reference.params(), faulted.params()), "the faulted run differs from the unfaulted"
                + " one by up to " + maxAbsDiff(reference.params(), faulted.params()));
    }

    /** The unfaulted cluster run, trained once and shared by both tests. */
    private static Model unfaultedClusterModel() throws IOException {
        if (unfaulted == null) {
            long t0 = System.nanoTime();
            runOnCluster("/models/cluster");
            unfaulted = readModel("/models/cluster");
            System.out.printf(Locale.ROOT, "ClusterTrainingIT unfaulted cluster run: %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
        }
        return unfaulted;
    }

    private static void runOnCluster(String output) throws IOException {
        SparkSession spark = clusterDriver();
        Map<String, String> settings = new LinkedHashMap<>(cluster.driverSettings());
        settings.putAll(hdfs.sparkSettings());
        TrainJob.run(spark, config(cluster.masterUrl(), settings, output), quiet());
    }

    /** The shared cluster driver (SparkSessions.create, as the command line builds it) with both executors. */
    private static SparkSession clusterDriver() {
        if (clusterDriver == null) {
            Map<String, String> settings = new LinkedHashMap<>(cluster.driverSettings());
            settings.putAll(hdfs.sparkSettings());
            clusterDriver = SparkSessions.create(config(cluster.masterUrl(), settings, "/unused").spark(),
                    "cluster-training-it");
        }
        Drivers.awaitExecutors(clusterDriver.sparkContext(), 2, EXECUTORS_DEADLINE);
        return clusterDriver;
    }

    /** The one job config of this class; only the spark section and the output differ between runs. */
    private static JobConfig config(String master, Map<String, String> sparkConf, String output) {
        String conf = sparkConf.entrySet().stream()
                .map(e -> "    " + quote(e.getKey()) + ": " + quote(e.getValue()))
                .collect(Collectors.joining("\n"));
        return JobConfig.parse("""
                spark:
                  master: %s
                  conf:
                %s
                data:
                  train: %s
                  format: csv
                  features: [x1, x2, x3, x4]
                  categorical: [shop]
                  label: y
                  validation: 0
                  partitions: %d
                model:
                  task: classification
                  layers:
                    - {dense: 16, activation: relu}
                    - {dropout: 0.2}
                training:
                  epochs: %d
                  batch_size: %d
                  micro_batch: 16
                  seed: 13
                  log_every_steps: 1000
                  optimizer: {name: adam, lr: 0.01}
                output: %s
                output_mode: overwrite
                """.formatted(quote(master), conf, quote(hdfs.path(DATA)), PARTITIONS, EPOCHS, BATCH,
                quote(hdfs.path(output))), List.of());
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Three classes from a linear score of x1..x4 plus a per-shop offset; x3 on another scale. */
    private static void writeData() throws IOException {
        Random rnd = new Random(5);
        double[][] w = {{2, -1, 0.5, 1}, {-1, 2, -0.5, 0}, {-1, -1, 1.5, -1}};
        StringBuilder csv = new StringBuilder("x1,x2,x3,x4,shop,y\n");
        for (int i = 0; i < ROWS; i++) {
            double[] x = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            int shop = rnd.nextInt(6);
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                double s = shop % 3 == k ? 1 : 0;
                for (int j = 0; j < x.length; j++) {
                    s += w[k][j] * x[j];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = k;
                }
            }
            csv.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f,%d,%d%n", x[0], x[1], 50 + 20 * x[2], x[3],
                    shop, best));
        }
        try (OutputStream out = hdfs.fileSystem().create(new Path(DATA), true)) {
            out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Model readModel(String dir) {
        return ModelFiles.read(new Path(hdfs.path(dir)), hdfs.clientConf());
    }

    private static float[] initialParams(Model model) {
        float[] params = new float[model.params().length];
        model.spec().initialize(params, 13);
        return params;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
