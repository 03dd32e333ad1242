// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.probe;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code ProbeApp N EXIT_CODE}: sums i² for i in 1..N on the cluster in 4 partitions, prints
 * {@code probe: sum=<value> executorPids=<pids>}, stops Spark and exits with {@code EXIT_CODE}, so a test
 * can check both the output and that spark-submit passes the application's exit code through.
 */
public final class ProbeApp {
    private ProbeApp() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ProbeApp N EXIT_CODE");
            System.exit(2);
        }
        long n = Long.parseLong(args[0]);
        int exitCode = Integer.parseInt(args[1]);
        JavaSparkContext sc = new JavaSparkContext(new SparkConf());
        AtomicBoolean done = new AtomicBoolean();
        // A refused application is stopped by the scheduler while its first job may already be
        // waiting; that job then waits forever. Exit instead, so a test sees the refusal end.
        Thread watchdog = new Thread(() -> {
            while (!done.get()) {
                if (sc.sc().isStopped()) {
                    System.err.println("probe: the SparkContext was stopped before the job finished");
                    Runtime.getRuntime().halt(1);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "probe-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            List<Long> values = LongStream.rangeClosed(1, n).boxed().collect(Collectors.toList());
            long sum = sc.parallelize(values, 4).map(v -> v * v).reduce(Long::sum);
            List<Long> pids = sc.parallelize(List.of(0, 1, 2, 3), 4)
                    .map(i -> ProcessHandle.current().pid()).distinct().collect();
            System.out.println("probe: sum=" + sum + " executorPids=" + pids);
            done.set(true);
        } finally {
            done.set(true);
            sc.stop();
        }
        System.exit(exitCode);
    }
}
