// SPDX-License-Identifier: Apache-2.0
package dev.ember.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline example on its shipped CSV in local Spark, and the CSV against its generator. */
class PipelineExampleTest {
    private static final Path CSV = Path.of("data/trees.csv");   // surefire runs in the module folder
    static SparkSession spark;
    @TempDir static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("PipelineExampleTest")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    @Test
    void thePipelineLearnsTheSpeciesAndReloadsWithIdenticalPredictions() throws IOException {
        Path saved = dir.resolve("pipeline");
        PipelineExample.Result r = PipelineExample.run(spark, CSV.toString(), saved.toString());
        assertTrue(r.testRows() >= 40, "a 20% test split of 300 rows: " + r.testRows());
        // Alder and birch overlap, so a perfect score is not expected; 0.85 still needs all three species learned.
        assertTrue(r.accuracy() >= 0.85, "test accuracy " + r.accuracy());
        assertEquals(0, r.changedAfterReload(), "the reloaded pipeline predicts exactly as the fitted one");
        assertTrue(Files.isDirectory(saved.resolve("stages")), "a PipelineModel folder was written");
    }

    @Test
    void theShippedCsvIsWhatTheGeneratorWrites() throws IOException {
        List<String> shipped = Files.readAllLines(CSV, StandardCharsets.UTF_8);
        assertEquals(TreeData.lines(), shipped, "run TreeData to rewrite examples/data/trees.csv");
        assertEquals(3 * TreeData.PER_SPECIES + 1, shipped.size());
    }
}
