// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import static dev.ember.it.ClusterTrainingJob.TOTAL_STEPS;
import static dev.ember.it.ClusterTrainingJob.initialParams;
import static dev.ember.it.ClusterTrainingJob.maxAbsDiff;
import static dev.ember.it.ClusterTrainingJob.quiet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.driver.SparkSessions;
import dev.ember.driver.TrainJob;
import dev.ember.driver.config.JobConfig;
import dev.ember.driver.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * Ember's {@code train} job ({@link ClusterTrainingJob}) on a real 2-Worker standalone cluster, reading its
 * CSV from HDFS and writing the model back to HDFS: it agrees with the same config trained in
 * {@code local[2]}, and it survives what clusters do with the unfaulted run's exact bits: two executor JVMs
 * killed -9 mid-training, a whole Worker (its JVM and its executor) killed -9 mid-training, and the driver
 * JVM killed -9 and the job submitted again with {@code resume: auto}.
 *
 * <p>The in-JVM runs go through {@link SparkSessions#create} and {@link TrainJob#run}, as the command line
 * does; the driver-kill runs are real {@code spark-submit}s of the app jar. Only the {@code spark} section,
 * {@code output} and settings that do not touch the arithmetic (checkpoints, logging) differ between runs.
 * One cluster and one HDFS serve every test and one cluster driver the in-JVM ones; the local run comes
 * first because a JVM holds one SparkContext at a time, the driver-kill test last because it stops the
 * in-JVM driver to free the cluster's cores for its own.
 */
@Tag("cluster")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTrainingIT {
    private static final Duration EXECUTORS_DEADLINE = Duration.ofSeconds(120);
    private static final Duration SUBMIT_DEADLINE = Duration.ofMinutes(4);
    private static final long WORKER_KILL_STEP = 5;
    /** Checkpoints at steps 10, 20, ... and at each epoch's end (25, 50, 75). */
    private static final int CHECKPOINT_EVERY = 10;
    /**
     * Above the number of checkpoints a whole run writes (13), so that pruning to the newest {@code keep}
     * never removes the checkpoint a run resumed from, and only an early deletion could.
     */
    private static final int CHECKPOINT_KEEP = 20;

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
    private static ClusterTrainingJob job;
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
        job = new ClusterTrainingJob(hdfs);
        job.writeData();
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
        JobConfig localCfg = job.config("local[2]", hdfs.sparkSettings(), "/models/local", "");
        SparkSession local = SparkSessions.create(localCfg.spark(), "cluster-training-it-local");
        long t0 = System.nanoTime();
        try {
            TrainJob.run(local, localCfg, quiet());
        } finally {
            Drivers.stop(local);
        }
        long localMs = (System.nanoTime() - t0) / 1_000_000;
        Model localModel = job.readModel("/models/local");

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
            spark.sparkContext().removeSparkListener(watcher);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Model faulted = job.readModel("/models/faulted");

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

    @Test
    @Order(3)
    void losingAWholeWorkerMidTrainingFinishesOnTheOtherWithTheSameBits() throws Exception {
        Model reference = unfaultedClusterModel();
        SparkSession spark = clusterDriver();
        String appId = spark.sparkContext().applicationId();
        ExecutorProcess survivor = cluster.executorsOf(appId).stream().filter(e -> e.worker() == 0).findFirst()
                .orElseThrow(() -> new IllegalStateException("Worker 0 runs no executor of " + appId));
        StepWatcher watcher = new StepWatcher();
        spark.sparkContext().addSparkListener(watcher);
        List<List<ExecutorProcess>> killed = new CopyOnWriteArrayList<>();
        StepFault fault = new StepFault(watcher, WORKER_KILL_STEP,
                () -> killed.add(cluster.killWorkerAndExecutors(1)));

        long t0 = System.nanoTime();
        StepFault.Report report;
        try {
            fault.start();
            try {
                runOnCluster("/models/worker-lost");
            } finally {
                report = fault.finish();
                spark.sparkContext().removeSparkListener(watcher);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            Model faulted = job.readModel("/models/worker-lost");
            List<ExecutorProcess> left = cluster.executorsOf(appId);

            System.out.printf(Locale.ROOT, "ClusterTrainingIT worker-loss run: %d ms; Worker 1 and its executors %s"
                    + " killed at step %d of %d; executors removed %d, added %d; failed task attempts %d; executors"
                    + " left %s%n", ms, killed, report.atStep(), TOTAL_STEPS, watcher.removed(), watcher.added(),
                    watcher.failedTasks(), left);
            assertNull(report.error(), "the fault thread failed: " + report.error());
            assertTrue(report.fired() && report.atStep() < TOTAL_STEPS, "the Worker must die while training runs: "
                    + report);
            assertFalse(cluster.worker(1).isAlive(), "Worker 1 is gone");
            assertEquals(1, killed.get(0).size(), "Worker 1 ran the app's second executor: " + killed);
            killed.get(0).forEach(e -> assertFalse(e.isAlive(), "the killed executor " + e + " is gone"));
            assertTrue(watcher.removed() >= 1, "the driver saw the executor go");
            assertEquals(0, watcher.added(), "no executor replaced the lost one (its Worker is dead), so every step"
                    + " after the kill ran on Worker 0");
            assertEquals(List.of(survivor), left, "Worker 0's executor ran the whole run and is the only one left");
            assertTrue(Arrays.equals(reference.params(), faulted.params()), "the run that lost a Worker differs from"
                    + " the unfaulted one by up to " + maxAbsDiff(reference.params(), faulted.params()));
        } finally {
            if (!cluster.worker(1).isAlive()) {
                cluster.restartWorker(1);
            }
        }
    }

    @Test
    @Order(4)
    void aKilledDriverResumesFromItsNewestHdfsCheckpointWithTheSameBits() throws Exception {
        Model reference = unfaultedClusterModel();
        // A spark-submit driver gets executors only once the in-JVM driver has given the cluster's cores back.
        Drivers.stop(clusterDriver);
        clusterDriver = null;
        String output = "/models/driver-killed";
        String checkpointDir = "/checkpoints/driver-killed";
        Path dir = cluster.dir().resolve("driver-kill");
        Files.createDirectories(dir);
        Path yaml = Files.writeString(dir.resolve("job.yaml"), job.yaml(null, Map.of(),
                output, "  log_every_steps: 1\n  resume: auto\n  checkpoint: {dir: '" + hdfs.path(checkpointDir)
                        + "', every_steps: " + CHECKPOINT_EVERY + ", keep: " + CHECKPOINT_KEEP + "}\n"));
        Submit submit = Submit.ember(cluster.masterUrl(), "train", yaml.toString())
                .withConf(cluster.driverSettings()).withConf(hdfs.sparkSettings())
                .withJvmArgs(StandaloneCluster.QUICK_JIT);
        DriverKill scenario = new DriverKill(submit, new CheckpointFolder(hdfs.fileSystem(),
                new org.apache.hadoop.fs.Path(checkpointDir)), hdfs.fileSystem(),
                new org.apache.hadoop.fs.Path(output));

        DriverKill.Killed killed = scenario.killOnceCheckpointed(2, dir.resolve("driver-killed.log"), SUBMIT_DEADLINE);
        DriverKill.Resumed resumed = scenario.resume(dir.resolve("driver-resumed.log"), SUBMIT_DEADLINE);
        Model model = job.readModel(output);
        List<Long> killedSteps = ClusterTrainingJob.progressSteps(killed.result().output());
        List<Long> resumedSteps = ClusterTrainingJob.progressSteps(resumed.result().output());

        System.out.printf(Locale.ROOT, "ClusterTrainingIT driver kill: driver killed -9 %d ms after submission, at"
                + " step %d of %d (last progress line), checkpoints then %s; resumed run started at step %d (from %s),"
                + " ran %d steps in %d ms; resumed checkpoint listed in %d of %d polls before the model was in place;"
                + " checkpoints left at the end %s%n", killed.killedAfter().toMillis(),
                killedSteps.isEmpty() ? 0 : killedSteps.get(killedSteps.size() - 1), TOTAL_STEPS, killed.atKill(),
                resumedSteps.isEmpty() ? -1 : resumedSteps.get(0), CheckpointFolder.fileName(resumed.resumedFrom()),
                resumedSteps.size(), resumed.result().elapsed().toMillis(), resumed.polls() - resumed.missingPolls(),
                resumed.polls(), resumed.leftAtEnd());
        assertEquals(137, killed.result().exitCode(), "the first driver died of SIGKILL: " + killed.result().output());
        assertFalse(killed.outputExists(), "the interrupted run left nothing at the output path " + output);
        assertTrue(killed.afterKill().size() >= 2 && resumed.resumedFrom() < TOTAL_STEPS,
                "the interrupted run left checkpoints, the newest before the last step: " + killed.afterKill());
        assertEquals(0, resumed.result().exitCode(), resumed.result().output());
        assertTrue(resumed.result().output().contains("resuming from checkpoint " + hdfs.path(checkpointDir) + "/"
                + CheckpointFolder.fileName(resumed.resumedFrom()) + " at step " + resumed.resumedFrom() + " "),
                "the second driver resumed from the newest checkpoint: " + resumed.result().output());
        assertEquals(ClusterTrainingJob.stepRange(resumed.resumedFrom() + 1, TOTAL_STEPS), resumedSteps,
                "the resumed run ran exactly the steps after its checkpoint, not from step 1");
        assertTrue(resumed.polls() > 0 && resumed.missingPolls() == 0, "the checkpoint resumed from stayed in place"
                + " until the model was: missing in " + resumed.missingPolls() + " of " + resumed.polls() + " polls");
        assertEquals(List.of(), resumed.leftAtEnd(), "the finished run removed its checkpoints");
        assertTrue(Arrays.equals(reference.params(), model.params()), "the resumed run differs from the"
                + " uninterrupted one by up to " + maxAbsDiff(reference.params(), model.params()));
        assertEquals(job.epochLosses("/models/cluster"), job.epochLosses(output),
                "per-epoch train_loss in metrics.json, the interrupted epoch's partial sums included");
    }

    /** The unfaulted cluster run, trained once and shared by the tests. */
    private static Model unfaultedClusterModel() throws IOException {
        if (unfaulted == null) {
            long t0 = System.nanoTime();
            runOnCluster("/models/cluster");
            unfaulted = job.readModel("/models/cluster");
            System.out.printf(Locale.ROOT, "ClusterTrainingIT unfaulted cluster run: %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
        }
        return unfaulted;
    }

    private static void runOnCluster(String output) throws IOException {
        SparkSession spark = clusterDriver();
        TrainJob.run(spark, job.config(cluster.masterUrl(), clusterSettings(), output, ""), quiet());
    }

    /** The shared cluster driver (SparkSessions.create, as the command line builds it) with both executors. */
    private static SparkSession clusterDriver() {
        if (clusterDriver == null) {
            clusterDriver = SparkSessions.create(job.config(cluster.masterUrl(), clusterSettings(), "/unused", "")
                    .spark(), "cluster-training-it");
        }
        Drivers.awaitExecutors(clusterDriver.sparkContext(), 2, EXECUTORS_DEADLINE);
        return clusterDriver;
    }

    private static Map<String, String> clusterSettings() {
        Map<String, String> settings = new LinkedHashMap<>(cluster.driverSettings());
        settings.putAll(hdfs.sparkSettings());
        return settings;
    }
}
