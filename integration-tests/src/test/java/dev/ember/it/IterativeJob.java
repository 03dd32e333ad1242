// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A job shaped like a training loop: each iteration broadcasts a state vector w, every partition of a
 * cached RDD sums a per-row contribution, {@code treeAggregate} adds the partial sums and the driver
 * computes the next w. All arithmetic is on longs modulo a prime, so the result is exact whatever the
 * merge order, retries or recomputation of lost cached blocks: a faulted run must equal
 * {@link #runLocally()} bit for bit.
 *
 * <p>Row i is a pure function of i, so cached blocks lost with an executor are rebuilt from lineage.
 *
 * @param rows       number of rows
 * @param dim        width of a row and of w
 * @param partitions partitions of the cached RDD
 * @param iterations broadcast + treeAggregate rounds
 * @param taskMillis sleep at the start of every task, so a kill can land while tasks run
 */
record IterativeJob(int rows, int dim, int partitions, int iterations, long taskMillis) implements Serializable {
    private static final long PRIME = 1_000_003L;

    /**
     * What a run on the cluster produced.
     *
     * @param weights        the final w
     * @param iterationTimes wall-clock time of each iteration, as seen by the driver
     */
    record Run(long[] weights, List<Duration> iterationTimes) {}

    /** The reference: the same iterations in this JVM, without Spark. */
    long[] runLocally() {
        long[] w = initial(dim);
        for (int t = 0; t < iterations; t++) {
            long[] sum = new long[dim];
            for (int i = 0; i < rows; i++) {
                accumulate(sum, row(i, dim), w);
            }
            w = next(w, sum, t);
        }
        return w;
    }

    /** Runs on {@code sc}, calling {@code beforeIteration} with t just before iteration t's job starts. */
    Run runOn(JavaSparkContext sc, IntConsumer beforeIteration) {
        int width = dim;
        int rowCount = rows;
        int parts = partitions;
        long sleep = taskMillis;
        List<Integer> partIds = IntStream.range(0, parts).boxed().collect(Collectors.toList());
        JavaRDD<long[]> data = sc.parallelize(partIds, parts)
                .flatMap(p -> IntStream.range(0, rowCount).filter(i -> i % parts == p)
                        .mapToObj(i -> row(i, width)).iterator())
                .cache();
        long[] w = initial(dim);
        List<Duration> times = new ArrayList<>();
        for (int t = 0; t < iterations; t++) {
            beforeIteration.accept(t);
            long start = System.nanoTime();
            Broadcast<long[]> current = sc.broadcast(w);
            long[] sum = data
                    .mapPartitions(it -> {
                        Thread.sleep(sleep);
                        return it;
                    })
                    .treeAggregate(new long[width],
                            (acc, row) -> accumulate(acc, row, current.value()),
                            IterativeJob::add, 2);
            w = next(w, sum, t);
            current.destroy();
            times.add(Duration.ofNanos(System.nanoTime() - start));
        }
        data.unpersist();
        return new Run(w, times);
    }

    static long[] row(int i, int dim) {
        long[] row = new long[dim];
        for (int j = 0; j < dim; j++) {
            row[j] = Math.floorMod(hash(i, j), PRIME);
        }
        return row;
    }

    private static long hash(long i, long j) {
        long z = i * 0x9E3779B97F4A7C15L + j * 0xBF58476D1CE4E5B9L + 1;
        z = (z ^ (z >>> 30)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long[] initial(int dim) {
        return IntStream.range(0, dim).mapToLong(j -> j + 1).toArray();
    }

    /** acc += row · ((row · w) mod p), every product reduced mod p so nothing overflows. */
    private static long[] accumulate(long[] acc, long[] row, long[] w) {
        long dot = 0;
        for (int j = 0; j < row.length; j++) {
            dot = (dot + row[j] * w[j]) % PRIME;
        }
        for (int j = 0; j < row.length; j++) {
            acc[j] = (acc[j] + row[j] * dot) % PRIME;
        }
        return acc;
    }

    private static long[] add(long[] a, long[] b) {
        for (int j = 0; j < a.length; j++) {
            a[j] = (a[j] + b[j]) % PRIME;
        }
        return a;
    }

    private static long[] next(long[] w, long[] sum, int t) {
        long[] out = new long[w.length];
        for (int j = 0; j < w.length; j++) {
            out[j] = (w[j] * 31 + sum[j] + t) % PRIME;
        }
        return out;
    }
}
