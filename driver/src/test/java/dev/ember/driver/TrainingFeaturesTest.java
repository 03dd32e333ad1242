// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.driver.config.JobConfig;
import dev.ember.driver.model.ModelFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LSUV initialisation and early stopping, seen through a real training run in local Spark. */
class TrainingFeaturesTest {
    static SparkSession spark;
    @TempDir static Path dir;
    static Path csv;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSessions.create(new dev.ember.driver.config.SparkConfig("local[2]", java.util.Map.of(
                "spark.ui.enabled", "false")), "TrainingFeaturesTest");
        // Three classes, separable by the sign pattern of two noisy features; a constant-scale nuisance column.
        Random random = new Random(5);
        List<String> lines = new ArrayList<>(List.of("x1,x2,x3,label"));
        for (int i = 0; i < 600; i++) {
            int label = i % 3;
            double x1 = (label == 0 ? -2 : 2) + random.nextGaussian();
            double x2 = (label == 2 ? 3 : -1) + random.nextGaussian();
            lines.add(x1 + "," + x2 + "," + random.nextGaussian() * 50 + "," + label);
        }
        csv = dir.resolve("train.csv");
        Files.write(csv, lines);
    }

    @AfterAll
    static void stop() {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    private static String config(String output, String... extra) {
        StringBuilder sb = new StringBuilder("""
                data: {train: %s, format: csv, features: [x1, x2, x3], validation: 0.2, partitions: 2}
                model: {task: classification, layers: [{dense: 16, activation: tanh}, {dense: 8, activation: tanh}]}
                training: {epochs: 3, batch_size: 32, seed: 7, log_every_steps: 1000}
                output: %s
                """.formatted(csv, output));
        return sb.toString();
    }

    private static String run(String output, String... sets) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JobConfig cfg = JobConfig.parse(config(output), List.of(sets));
        TrainJob.run(spark, cfg, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void lsuvBringsEveryDenseLayerToUnitOutputVariance() throws IOException {
        String log = run(dir.resolve("lsuv").toString(), "training.lsuv=true", "data.standardize=false",
                "model.init=he_uniform");
        Matcher m = Pattern.compile("LSUV: layer (\\d+) output variance ([0-9.]+)").matcher(log);
        int layers = 0;
        while (m.find()) {
            layers++;
            double variance = Double.parseDouble(m.group(2));
            assertEquals(1.0, variance, Lsuv.TOLERANCE, "layer " + m.group(1) + " after LSUV");
        }
        assertEquals(3, layers, "two hidden Dense layers and the output layer; log was:\n" + log);
    }

    @Test
    void earlyStoppingStopsAndKeepsTheBestEpoch() throws IOException {
        Path stopped = dir.resolve("stopped");
        // No epoch can improve the loss by 1e9: training stops after epoch 2 and keeps epoch 1.
        run(stopped.toString(), "training.epochs=5",
                "training.early_stopping={metric: loss, patience: 1, min_delta: 1.0e9}");
        JsonNode metrics = new ObjectMapper().readTree(stopped.resolve("metrics.json").toFile());
        assertTrue(metrics.get("stopped_early").asBoolean());
        assertEquals(1, metrics.get("best_epoch").asInt());
        assertEquals(2, metrics.get("epochs").size());

        Path oneEpoch = dir.resolve("one-epoch");
        run(oneEpoch.toString(), "training.epochs=1");
        float[] best = ModelFiles.read(new org.apache.hadoop.fs.Path(stopped.toString()), new Configuration()).params();
        float[] first = ModelFiles.read(new org.apache.hadoop.fs.Path(oneEpoch.toString()), new Configuration()).params();
        assertArrayEquals(first, best, "the kept parameters are exactly those after epoch 1");
    }
}
