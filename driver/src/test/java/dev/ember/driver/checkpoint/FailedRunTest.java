// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.driver.SparkSessions;
import dev.ember.driver.config.SparkConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A versioned output that a pipeline can trust: runs that fail late leave LATEST and every version as they were. */
class FailedRunTest {
    static SparkSession spark;
    @TempDir static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSessions.create(new SparkConfig("local[2]", Map.of("spark.ui.enabled", "false")),
                "FailedRunTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    /** Every file under {@code root} with its size, so any added, removed or rewritten file shows. */
    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> root.relativize(p) + (Files.isRegularFile(p) ? " " + p.toFile().length() : "/"))
                    .sorted().toList();
        }
    }

    @Test
    void divergenceAndBadDataFoundLateLeaveLatestUntouchedAndNoPartialOutput() throws IOException {
        Path csv = TinyJob.csv(dir, "train.csv", 320, -1);
        Path badTest = TinyJob.csv(dir, "bad-test.csv", 30, 5);
        Path output = dir.resolve("models");
        Path yaml = TinyJob.yaml(dir, csv, output);
        TinyJob.Run first = TinyJob.train(yaml, "output_mode=versioned", "training.epochs=1");
        assertEquals(0, first.code(), first.all());
        String latest = Files.readString(output.resolve("LATEST")).strip();
        float[] params = TinyJob.params(output.resolve(latest));
        List<String> before = tree(output);

        // ReLU and a huge SGD step: the weights and then the logits overflow within a few steps.
        TinyJob.Run diverged = TinyJob.train(yaml, "output_mode=versioned",
                "model.layers=[{dense: 8, activation: relu}]", "training.optimizer={name: sgd, lr: 1.0e30}",
                "training.resume=never");
        assertEquals(3, diverged.code(), diverged.all());
        assertTrue(diverged.err().contains("training diverged"), diverged.err());
        assertEquals(before, tree(output), "no new version, no temporary folder, LATEST unchanged");

        TinyJob.Run badData = TinyJob.train(yaml, "output_mode=versioned", "data.test=" + badTest,
                "training.resume=never");
        assertEquals(2, badData.code(), badData.all());
        assertTrue(badData.out().contains("epoch 3/3 done"), "the bad test data is found after training: "
                + badData.out());
        assertEquals(before, tree(output), "no new version, no temporary folder, LATEST unchanged");
        assertEquals(latest, Files.readString(output.resolve("LATEST")).strip());
        assertArrayEquals(params, TinyJob.params(output.resolve(latest)));
    }
}
