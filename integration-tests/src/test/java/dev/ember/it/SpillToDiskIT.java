// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.driver.SparkSessions;
import dev.ember.driver.TrainJob;
import dev.ember.driver.config.JobConfig;
import dev.ember.driver.config.SparkConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Training data whose cached blocks do not fit in the executors' storage memory: the packed chunks of data
 * preparation and then the training blocks spill to the executors' disks (Ember persists both
 * MEMORY_AND_DISK, and a spilled block goes through Spark's Kryo serializer), every step reads the spilled
 * blocks back, and the run completes with executors that stay within their heap.
 *
 * <p>Executors get Spark's smallest practical heap (512m; Spark refuses less than 450m) and
 * {@code spark.memory.fraction} 0.05, so each has about 10 MiB of storage memory (Spark's unified region
 * is that fraction of the heap above its fixed 300 MiB reserve). The data is generated on the fly by Spark
 * SQL as a temporary view, {@value #ROWS} rows of {@value #FEATURES} features (a pure function of the row
 * id), so its blocks hold over twice the storage memory of both executors together and no input file
 * has to be written.
 */
@Tag("cluster")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SpillToDiskIT {
    private static final Duration EXECUTORS_DEADLINE = Duration.ofSeconds(120);
    private static final int ROWS = 40_000;
    private static final int FEATURES = 300;
    private static final int PARTITIONS = 8;
    private static final int BATCH = 4_000;
    private static final int EPOCHS = 2;
    private static final long FEATURE_BYTES = 4L * ROWS * FEATURES;

    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = StandaloneCluster.start(StandaloneCluster.Spec.of(2));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void blocksLargerThanStorageMemorySpillToDiskAndTrainingCompletes() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>(cluster.driverSettings());
        settings.put("spark.executor.memory", "512m");
        settings.put("spark.memory.fraction", "0.05");
        Path output = cluster.dir().resolve("spill-model");
        SparkSession spark = SparkSessions.create(new SparkConfig(cluster.masterUrl(), settings), "spill-to-disk-it");
        try {
            Drivers.awaitExecutors(spark.sparkContext(), 2, EXECUTORS_DEADLINE);
            String appId = spark.sparkContext().applicationId();
            List<ExecutorProcess> executors = cluster.executorsOf(appId);
            generatedRows(spark).createOrReplaceTempView("spill_rows");
            StepWatcher watcher = new StepWatcher();
            spark.sparkContext().addSparkListener(watcher);
            StorageSampler sampler = new StorageSampler(spark.sparkContext(), watcher);
            long t0 = System.nanoTime();
            TrainJob.Outcome outcome;
            List<StorageSampler.Sample> samples;
            sampler.start();
            try {
                outcome = TrainJob.run(spark, config(output), ClusterTrainingJob.quiet());
            } finally {
                samples = sampler.finish();
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;

            StorageSampler.Sample most = samples.stream()
                    .max(Comparator.comparingLong(StorageSampler.Sample::diskBytes))
                    .orElseThrow(() -> new AssertionError("no storage sample was taken during the steps"));
            long maxStorage = most.executors().stream().mapToLong(StorageSampler.Executor::maxStorage).sum();
            List<ExecutorProcess> after = cluster.executorsOf(appId);
            System.out.printf(Locale.ROOT, "SpillToDiskIT: %d rows x %d features (%.1f MiB of features) in %d"
                    + " partitions; executors' storage memory %.1f MiB in all; during the steps (sample at step %d):"
                    + " %s; executors %s; training %d steps in %d ms; executor peak RSS %s; removed %d, failed"
                    + " tasks %d%n", ROWS, FEATURES, FEATURE_BYTES / 1048576.0, PARTITIONS, maxStorage / 1048576.0,
                    most.step(), most.rdds(), most.executors(), outcome.metrics().get("steps"), ms,
                    peakRss(after), watcher.removed(), watcher.failedTasks());

            assertTrue(FEATURE_BYTES > 2 * maxStorage, "the data must be over twice the executors' storage memory: "
                    + FEATURE_BYTES + " bytes of features, " + maxStorage + " bytes of storage memory");
            assertEquals(1, most.rdds().size(), "only the training blocks are cached during the steps: "
                    + most.rdds());
            StorageSampler.Rdd blocks = most.rdds().get(0);
            assertEquals("Disk Memory Deserialized 1x Replicated", blocks.level(), "blocks persisted MEMORY_AND_DISK");
            assertEquals(PARTITIONS, blocks.cachedBlocks(), "every block stayed cached (in memory or on disk), none"
                    + " was dropped to be recomputed: " + blocks);
            assertTrue(blocks.diskBytes() >= FEATURE_BYTES - maxStorage, "what the storage memory cannot hold is on"
                    + " disk: " + blocks);
            assertEquals((long) EPOCHS * ((ROWS + BATCH - 1) / BATCH), ((Number) outcome.metrics().get("steps"))
                    .longValue(), "every step ran");
            assertTrue(Files.isRegularFile(output.resolve("params.f32")), "the model was written to " + output);
            assertEquals(0, watcher.removed(), "no executor was lost (an OutOfMemoryError would end one)");
            assertEquals(0, watcher.failedTasks(), "no task attempt failed");
            assertEquals(executors, after, "the same two executor JVMs ran the whole job");
            for (ExecutorProcess e : after) {
                List<String> heap = Jvm.commandLineOf(e.pid()).stream().filter(a -> a.startsWith("-Xmx"))
                        .map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toList());
                assertEquals(List.of("-xmx512m"), heap, "executor " + e + " runs with a 512m heap");
            }
        } finally {
            Drivers.stop(spark);
        }
    }

    /**
     * Features in [-1, 1) hashed from (row id, feature index) and a 3-class label from the signs of the
     * first two: a pure function of the row id, so any partition can be recomputed exactly.
     */
    private static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> generatedRows(SparkSession spark) {
        return spark.range(0, ROWS, 1, PARTITIONS).selectExpr(
                "transform(sequence(0, " + (FEATURES - 1) + "), k -> xxhash64(id, k) / 9.223372036854775807E18) AS f",
                "CAST(xxhash64(id, 0) > 0 AS INT) + CAST(xxhash64(id, 1) > 0 AS INT) AS y");
    }

    private static JobConfig config(Path output) {
        return JobConfig.parse("""
                data:
                  train: spill_rows
                  format: table
                  features: [f]
                  label: y
                  validation: 0
                  partitions: %d
                model:
                  task: classification
                  layers:
                    - {dense: 32, activation: relu}
                training:
                  epochs: %d
                  batch_size: %d
                  micro_batch: 500
                  seed: 3
                  log_every_steps: 1000
                  optimizer: {name: adam, lr: 0.01}
                output: '%s'
                """.formatted(PARTITIONS, EPOCHS, BATCH, output.toUri()), List.of());
    }

    /** Each executor's peak resident set (VmHWM from /proc), for the record. */
    private static String peakRss(List<ExecutorProcess> executors) {
        return executors.stream().map(e -> {
            try {
                return Files.readAllLines(Path.of("/proc", Long.toString(e.pid()), "status")).stream()
                        .filter(line -> line.startsWith("VmHWM:")).map(line -> line.substring(6).strip())
                        .findFirst().orElse("?");
            } catch (IOException gone) {
                return "?";
            }
        }).collect(Collectors.joining(", ", "[", "]"));
    }
}
