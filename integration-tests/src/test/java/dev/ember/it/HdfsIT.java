// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Executors of a real standalone cluster read a CSV from HDFS and write Parquet and CSV back to it. */
@Tag("cluster")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HdfsIT {
    private static final int ROWS = 1000;
    private static final int GROUPS = 7;

    private static MiniHdfs hdfs;
    private static StandaloneCluster cluster;

    @BeforeAll
    static void start() {
        CompletableFuture<MiniHdfs> starting = CompletableFuture.supplyAsync(MiniHdfs::start);
        try {
            cluster = StandaloneCluster.start(StandaloneCluster.Spec.of(1));
        } finally {
            hdfs = starting.join();
        }
    }

    @AfterAll
    static void stop() {
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

    @Test
    void sparkReadsACsvFromHdfsAndWritesItsAggregateBack() throws IOException {
        FileSystem fs = hdfs.fileSystem();
        writeInput(fs, new Path("/data/points.csv"));
        SparkConf conf = cluster.driverConf("hdfs-csv");
        hdfs.sparkSettings().forEach(conf::set);
        SparkSession spark = Drivers.session(conf);
        try {
            Drivers.awaitExecutors(spark.sparkContext(), 1, Duration.ofSeconds(90));
            Dataset<Row> points = spark.read().option("header", "true")
                    .schema("id INT, `group` INT, value BIGINT")
                    .csv(hdfs.path("/data/points.csv"));
            Set<Long> readerPids = new TreeSet<>(points.javaRDD().map(r -> ProcessHandle.current().pid()).collect());
            assertFalse(readerPids.contains(ProcessHandle.current().pid()), "an executor JVM read the file");

            Dataset<Row> sums = points.groupBy("group").agg(functions.sum("value").alias("total")).orderBy("group");
            sums.write().parquet(hdfs.path("/out/sums.parquet"));
            Dataset<Row> stored = spark.read().parquet(hdfs.path("/out/sums.parquet"));
            stored.coalesce(1).write().csv(hdfs.path("/out/sums.csv"));

            assertTrue(hasPartFiles(fs, new Path("/out/sums.parquet"), ".parquet"), "Parquet parts are on HDFS");
            assertEquals(expectedSums(), totalsOf(stored), "the Parquet read back from HDFS");
            assertEquals(expectedSums(), csvTotals(fs, new Path("/out/sums.csv")), "the CSV written to HDFS");
        } finally {
            Drivers.stop(spark);
        }
    }

    private static void writeInput(FileSystem fs, Path file) throws IOException {
        List<String> lines = new ArrayList<>(List.of("id,group,value"));
        for (int i = 0; i < ROWS; i++) {
            lines.add(i + "," + (i % GROUPS) + "," + (i * 3L));
        }
        try (FSDataOutputStream out = fs.create(file, true)) {
            out.write(String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Map<Integer, Long> expectedSums() {
        Map<Integer, Long> sums = new TreeMap<>();
        for (int i = 0; i < ROWS; i++) {
            sums.merge(i % GROUPS, i * 3L, Long::sum);
        }
        return sums;
    }

    private static Map<Integer, Long> totalsOf(Dataset<Row> table) {
        return table.collectAsList().stream().collect(Collectors.toMap(
                r -> ((Number) r.getAs("group")).intValue(), r -> ((Number) r.getAs("total")).longValue(),
                (a, b) -> a, TreeMap::new));
    }

    /** Reads the part files of a headerless {@code group,total} CSV directory through the FileSystem API. */
    private static Map<Integer, Long> csvTotals(FileSystem fs, Path dir) throws IOException {
        Map<Integer, Long> totals = new TreeMap<>();
        for (FileStatus part : fs.listStatus(dir)) {
            if (!part.getPath().getName().startsWith("part-")) {
                continue;
            }
            try (var in = fs.open(part.getPath())) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String[] cells = line.split(",");
                    totals.put(Integer.parseInt(cells[0]), Long.parseLong(cells[1]));
                }
            }
        }
        return totals;
    }

    private static boolean hasPartFiles(FileSystem fs, Path dir, String suffix) throws IOException {
        FileStatus[] files = fs.listStatus(dir);
        return Arrays.stream(files).anyMatch(f -> f.getPath().getName().startsWith("part-")
                && f.getPath().getName().endsWith(suffix) && f.getLen() > 0);
    }
}
