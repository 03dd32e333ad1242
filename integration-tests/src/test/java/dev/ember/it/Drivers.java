// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.sql.SparkSession;

/** A Spark driver in the test JVM: start it, wait for its executors, watch them come and go, stop it. */
final class Drivers {
    private Drivers() {}

    /** Counts executor arrivals and departures as the driver sees them. */
    static final class ExecutorEvents extends SparkListener {
        private final AtomicInteger added = new AtomicInteger();
        private final AtomicInteger removed = new AtomicInteger();

        @Override
        public void onExecutorAdded(SparkListenerExecutorAdded event) {
            added.incrementAndGet();
        }

        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
            removed.incrementAndGet();
        }

        int added() {
            return added.get();
        }

        int removed() {
            return removed.get();
        }
    }

    static SparkSession session(SparkConf conf) {
        return SparkSession.builder().config(conf).getOrCreate();
    }

    static JavaSparkContext context(SparkSession spark) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    static void stop(SparkSession spark) {
        if (spark != null) {
            spark.stop();
        }
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    /** Waits until {@code count} executors have registered with the driver. */
    static void awaitExecutors(SparkContext sc, int count, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (registeredExecutors(sc) < count) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("only " + registeredExecutors(sc) + " of " + count
                        + " executors registered with the driver within " + deadline.toSeconds() + " s");
            }
            ChildProcess.sleep(Duration.ofMillis(200));
        }
    }

    private static int registeredExecutors(SparkContext sc) {
        return sc.statusTracker().getExecutorInfos().length - 1;   // the driver is listed too
    }

    /** The pids of the JVMs that ran {@code tasks} tasks of {@code taskMillis} each. */
    static Set<Long> taskPids(JavaSparkContext sc, int tasks, long taskMillis) {
        List<Integer> ids = IntStream.range(0, tasks).boxed().collect(Collectors.toList());
        List<Long> pids = sc.parallelize(ids, tasks).map(i -> {
            Thread.sleep(taskMillis);
            return ProcessHandle.current().pid();
        }).collect();
        return new TreeSet<>(pids);
    }
}
