// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import dev.ember.driver.SparkSessions;
import dev.ember.driver.Trainer;
import dev.ember.driver.config.SparkConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Fashion-MNIST training throughput with 1 and 2 executors of 1 core each, in
 * {@code local-cluster[N,1,2048]}: real executor JVMs, children of this one, that inherit its
 * classpath. That mode needs {@code spark.testing} and {@code spark.test.home} as system properties
 * and {@code SPARK_SCALA_VERSION} in the executors' environment (without it every executor launch
 * fails and the driver waits forever, so registration is awaited with a timeout here).
 */
final class ScalingBench {
    private static final long REGISTER_TIMEOUT_MS = 180_000;

    private ScalingBench() {}

    static BenchReport run(BenchContext ctx) {
        BenchReport report = new BenchReport("scaling",
                "samples/s with 1 and 2 executors (local-cluster, 1 core each)", List.of("executors", "partitions",
                        "epoch s", "samples/s", "speed-up", "efficiency"));
        String missing = FashionMnist.missing();
        if (missing != null) {
            report.skipped = missing;
            return report;
        }
        int trainLimit = ctx.quick ? 6000 : 0;
        int epochs = ctx.quick ? 1 : 2;
        int[] order = ctx.quick ? new int[] {1, 2} : new int[] {1, 2, 1, 2};
        report.param("master", "local-cluster[N,1,2048]").param("executor_memory", "1g").param("epochs_per_run", epochs)
                .param("order", java.util.Arrays.toString(order)).param("network", "784-256-128-10 ReLU, Adam, batch 128");
        Map<Integer, List<Double>> epochSeconds = new LinkedHashMap<>();
        long rows = 0;
        Path home;
        try {
            home = Files.createTempDirectory("ember-bench-spark-home");
        } catch (IOException e) {
            report.skipped = "cannot create a temporary spark.test.home: " + e.getMessage();
            return report;
        }
        System.setProperty("spark.testing", "1");
        System.setProperty("spark.test.home", home.toString());
        try {
            for (int n : order) {
                ctx.log("scaling: local-cluster[%d,1,2048]", n);
                SparkSession spark = session(n);
                try {
                    String why = awaitExecutors(spark, n);
                    if (why != null) {
                        report.skipped = why;
                        return report;
                    }
                    FashionMnist.Data data = FashionMnist.prepare(spark, trainLimit, 1000, n);
                    try {
                        rows = data.train().trainRows();
                        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                        Trainer.Result r = FashionMnist.train(jsc, data, FashionMnist.spec(data, "relu"), epochs,
                                new PrintStream(OutputStream.nullOutputStream()));
                        double last = r.epochs().get(r.epochs().size() - 1).seconds();
                        epochSeconds.computeIfAbsent(n, k -> new ArrayList<>()).add(last);
                        ctx.log("scaling: %d executor(s): last epoch %.2f s", n, last);
                    } finally {
                        data.unpersist();
                    }
                } finally {
                    spark.stop();
                }
            }
        } finally {
            System.clearProperty("spark.testing");
            System.clearProperty("spark.test.home");
        }
        Stats one = Stats.of(epochSeconds.get(1));
        Stats two = Stats.of(epochSeconds.get(2));
        double speedup = one.median() / two.median();
        report.param("train_rows", rows);
        report.row(1, 1, one, rows / one.median(), Fmt.ratioCell(1.0), Fmt.percentCell(1.0));
        report.row(2, 2, two, rows / two.median(), Fmt.ratioCell(speedup), Fmt.percentCell(speedup / 2));
        report.note("Each run is a fresh session and executors; the epoch time is the last of its " + epochs
                + " epoch(s) (the first pays JIT compilation in new executor JVMs). Partitions = executors."
                + " Both executors share this machine's cores with the driver, so on 2 cores the driver's step work"
                + " competes with the executors.");
        report.note("Efficiency = samples/s with 2 executors / (2 x samples/s with 1).");
        return report;
    }

    private static SparkSession session(int executors) {
        Map<String, String> conf = new LinkedHashMap<>(BenchContext.benchConf());
        conf.put("spark.executorEnv.SPARK_SCALA_VERSION", "2.13");
        conf.put("spark.executor.memory", "1g");
        conf.put("spark.sql.shuffle.partitions", Integer.toString(executors));
        return SparkSessions.create(new SparkConfig("local-cluster[" + executors + ",1,2048]", conf),
                "ember-bench-scaling");
    }

    /** Null once {@code n} executors registered, else why they did not. */
    private static String awaitExecutors(SparkSession spark, int n) {
        long deadline = System.currentTimeMillis() + REGISTER_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            // The driver is listed too.
            if (spark.sparkContext().statusTracker().getExecutorInfos().length >= n + 1) {
                return null;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for executors";
            }
        }
        return "local-cluster[" + n + ",1,2048]: " + n + " executor(s) did not register within "
                + REGISTER_TIMEOUT_MS / 1000 + " s (executor launch failing?)";
    }
}
