// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerBlockUpdated;
import org.apache.spark.scheduler.SparkListenerUnpersistRDD;
import org.apache.spark.storage.BlockUpdatedInfo;
import org.apache.spark.storage.RDDBlockId;
import org.apache.spark.storage.RDDInfo;

/**
 * Samples, from the driver, where a training run's cached data lives while its steps run. As a
 * listener it keeps the latest status each block manager reported for each cached RDD block (its
 * bytes in memory and on disk); every {@link #EVERY}, once the watcher has seen a training step
 * start, it records each persisted RDD with the status of its blocks, and each executor's storage
 * memory. The persisted RDDs during the steps are the training blocks alone: data preparation
 * unpersists its intermediate RDDs before the first step.
 */
final class StorageSampler extends SparkListener {
    static final Duration EVERY = Duration.ofMillis(250);

    /**
     * One persisted RDD at one moment.
     *
     * <p>Disk figures are exact (a block manager reports a block's file size when it writes it); memory
     * figures may be stale, because a block that a read brings back from disk into memory is not reported.
     *
     * @param level        the storage level it was persisted with
     * @param cachedBlocks blocks held anywhere (in memory, on disk or both)
     * @param blocksOnDisk blocks with a copy on disk
     * @param memBytes     reported size of the blocks in memory
     * @param diskBytes    size of the blocks on disk
     */
    record Rdd(int id, int partitions, String level, int cachedBlocks, int blocksOnDisk, long memBytes,
               long diskBytes) {}

    /** One executor's storage memory at one moment (not the driver's). */
    record Executor(String hostPort, long usedStorage, long maxStorage) {}

    /** One sample: the training step whose job had started, the persisted RDDs, the executors. */
    record Sample(long step, List<Rdd> rdds, List<Executor> executors) {
        long diskBytes() {
            return rdds.stream().mapToLong(Rdd::diskBytes).sum();
        }
    }

    /** The latest reported status of one block on one block manager. */
    private record Status(int rddId, long memBytes, long diskBytes) {}

    private final SparkContext sc;
    private final StepWatcher watcher;
    private final Map<String, Status> blocks = new ConcurrentHashMap<>();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Thread thread = new Thread(this::run, "storage-sampler");
    private volatile boolean done;

    StorageSampler(SparkContext sc, StepWatcher watcher) {
        this.sc = sc;
        this.watcher = watcher;
        thread.setDaemon(true);
    }

    @Override
    public void onBlockUpdated(SparkListenerBlockUpdated event) {
        BlockUpdatedInfo info = event.blockUpdatedInfo();
        if (!(info.blockId() instanceof RDDBlockId rddBlock)) {
            return;
        }
        String key = info.blockManagerId().executorId() + "/" + info.blockId().name();
        if (info.storageLevel().isValid()) {
            blocks.put(key, new Status(rddBlock.rddId(), info.memSize(), info.diskSize()));
        } else {
            blocks.remove(key);
        }
    }

    @Override
    public void onUnpersistRDD(SparkListenerUnpersistRDD event) {
        blocks.values().removeIf(s -> s.rddId() == event.rddId());
    }

    /** Registers the listener and starts sampling. */
    void start() {
        sc.addSparkListener(this);
        thread.start();
    }

    /** Stops sampling and returns the samples, in order. */
    List<Sample> finish() throws InterruptedException {
        done = true;
        thread.join(Duration.ofSeconds(10).toMillis());
        sc.removeSparkListener(this);
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
        List<Rdd> rdds = Arrays.stream(sc.getRDDStorageInfo()).map(this::rdd).collect(Collectors.toList());
        int driverPort = SparkEnv.get().blockManager().blockManagerId().port();
        List<Executor> executors = Arrays.stream(sc.statusTracker().getExecutorInfos())
                .filter(e -> e.port() != driverPort)
                .map(StorageSampler::executor)
                .collect(Collectors.toList());
        return new Sample(step, rdds, executors);
    }

    private Rdd rdd(RDDInfo info) {
        List<Status> of = blocks.values().stream().filter(s -> s.rddId() == info.id()).collect(Collectors.toList());
        return new Rdd(info.id(), info.numPartitions(), info.storageLevel().description(),
                (int) of.stream().filter(s -> s.memBytes() > 0 || s.diskBytes() > 0).count(),
                (int) of.stream().filter(s -> s.diskBytes() > 0).count(),
                of.stream().mapToLong(Status::memBytes).sum(), of.stream().mapToLong(Status::diskBytes).sum());
    }

    private static Executor executor(SparkExecutorInfo e) {
        return new Executor(e.host() + ":" + e.port(), e.usedOnHeapStorageMemory(), e.totalOnHeapStorageMemory());
    }
}
