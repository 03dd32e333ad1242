// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.storage.RDDInfo;

/**
 * Samples, from the driver, where a training run's cached data lives while its steps run: every
 * {@link #EVERY}, once the watcher has seen a training step start, the storage of each persisted RDD
 * (cached partitions, bytes in memory and on disk, as the block managers report them) and each
 * executor's storage memory. Persisted RDDs during the steps are the training blocks alone: data
 * preparation unpersists its intermediate RDDs before the first step.
 */
final class StorageSampler {
    static final Duration EVERY = Duration.ofMillis(250);

    /** One persisted RDD at one moment. */
    record Rdd(int id, int partitions, int cachedPartitions, long memBytes, long diskBytes, String level) {}

    /** One executor's storage memory at one moment (not the driver's). */
    record Executor(String hostPort, long usedStorage, long maxStorage) {}

    /** One sample: the training step whose job had started, the persisted RDDs, the executors. */
    record Sample(long step, List<Rdd> rdds, List<Executor> executors) {
        long diskBytes() {
            return rdds.stream().mapToLong(Rdd::diskBytes).sum();
        }
    }

    private final SparkContext sc;
    private final StepWatcher watcher;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Thread thread = new Thread(this::run, "storage-sampler");
    private volatile boolean done;

    StorageSampler(SparkContext sc, StepWatcher watcher) {
        this.sc = sc;
        this.watcher = watcher;
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops sampling and returns the samples, in order. */
    List<Sample> finish() throws InterruptedException {
        done = true;
        thread.join(Duration.ofSeconds(10).toMillis());
        return new ArrayList<>(samples);
    }

    private void run() {
        while (!done) {
            long step = watcher.step();
            if (step >= 1) {
                samples.add(sample(step));
            }
            try {
                Thread.sleep(EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Sample sample(long step) {
        List<Rdd> rdds = Arrays.stream(sc.getRDDStorageInfo())
                .map(StorageSampler::rdd)
                .collect(Collectors.toList());
        int driverPort = SparkEnv.get().blockManager().blockManagerId().port();
        List<Executor> executors = Arrays.stream(sc.statusTracker().getExecutorInfos())
                .filter(e -> e.port() != driverPort)
                .map(StorageSampler::executor)
                .collect(Collectors.toList());
        return new Sample(step, rdds, executors);
    }

    private static Executor executor(SparkExecutorInfo e) {
        return new Executor(e.host() + ":" + e.port(), e.usedOnHeapStorageMemory(), e.totalOnHeapStorageMemory());
    }

    private static Rdd rdd(RDDInfo info) {
        return new Rdd(info.id(), info.numPartitions(), info.numCachedPartitions(), info.memSize(),
                info.diskSize(), info.storageLevel().description());
    }
}
