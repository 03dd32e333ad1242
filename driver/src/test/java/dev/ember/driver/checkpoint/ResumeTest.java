// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.driver.SparkSessions;
import dev.ember.driver.config.SparkConfig;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming in this JVM from the checkpoints of a run that failed after training (its test data
 * has a NaN, found only at the end): corrupt checkpoints are skipped, the result is bit-identical
 * to an uninterrupted run, a changed model is refused and a changed learning rate is logged.
 */
class ResumeTest {
    static SparkSession spark;
    @TempDir static Path dir;
    static Path csv;
    static Path badTest;
    static Path reference;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSessions.create(new SparkConfig("local[2]", Map.of("spark.ui.enabled", "false")), "ResumeTest");
        csv = TinyJob.csv(dir, "train.csv", 320, -1);
        badTest = TinyJob.csv(dir, "bad-test.csv", 30, 17);
        reference = dir.resolve("reference");
        TinyJob.Run ref = TinyJob.train(TinyJob.yaml(dir, csv, reference));
        assertEquals(0, ref.code(), ref.all());
        assertFalse(Files.exists(TinyJob.checkpointDir(reference)), "a finished run removes its checkpoints");
    }

    @AfterAll
    static void stop() {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    /** Trains to the end, then fails on the test set: no output, its checkpoints stay. Returns the job file. */
    private static Path failedLate(Path output) throws IOException {
        Path yaml = TinyJob.yaml(dir, csv, output);
        TinyJob.Run r = TinyJob.train(yaml, "data.test=" + badTest);
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("x3"), "the message names the bad column: " + r.err());
        assertFalse(Files.exists(output), "no partial output");
        assertEquals(3, TinyJob.checkpointSteps(TinyJob.checkpointDir(output)).size(), "keep: 3");
        return yaml;
    }

    @Test
    void truncatedAndAlteredCheckpointsAreSkippedAndTheRunEndsBitIdentical() throws IOException {
        Path output = dir.resolve("corrupt");
        Path yaml = failedLate(output);
        Path ckpts = TinyJob.checkpointDir(output);
        List<Long> steps = TinyJob.checkpointSteps(ckpts);
        Path newest = TinyJob.checkpointFile(ckpts, steps.get(2));
        Path middle = TinyJob.checkpointFile(ckpts, steps.get(1));
        Path oldest = TinyJob.checkpointFile(ckpts, steps.get(0));
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        byte[] bytes = Files.readAllBytes(middle);
        bytes[bytes.length - 100] ^= 0x20;
        Files.write(middle, bytes);

        TinyJob.Run r = TinyJob.train(yaml);
        assertEquals(0, r.code(), r.all());
        String log = r.out();
        assertTrue(log.matches("(?s).*warning: checkpoint " + Pattern.quote("file:" + newest)
                + " [^\n]*truncated[^\n]*; skipping it\n.*"), log);
        assertTrue(log.matches("(?s).*warning: checkpoint " + Pattern.quote("file:" + middle)
                + " fails its SHA-256 check[^\n]*; skipping it\n.*"), log);
        assertTrue(log.contains("resuming from checkpoint file:" + oldest + " at step " + steps.get(0)), log);
        assertArrayEquals(TinyJob.params(reference), TinyJob.params(output), "bit-identical parameters");
        assertArrayEquals(TinyJob.epochLosses(reference), TinyJob.epochLosses(output), "the same epoch history");
        assertFalse(Files.exists(ckpts), "the finished run removed its checkpoints");
    }

    @Test
    void aChangedModelIsRefusedNamingTheDifferenceAndAChangedLearningRateIsLogged() throws IOException {
        Path output = dir.resolve("changed");
        Path yaml = failedLate(output);
        List<Long> before = TinyJob.checkpointSteps(TinyJob.checkpointDir(output));

        TinyJob.Run model = TinyJob.train(yaml, "model.layers=[{dense: 12, activation: tanh}]");
        assertEquals(2, model.code(), model.all());
        assertTrue(model.err().contains("cannot resume from checkpoint") && model.err().contains("the model differs")
                && model.err().contains("12 here, 8 in the checkpoint"), model.err());
        assertTrue(model.err().contains("training.resume: never"), "says how to start afresh: " + model.err());
        assertEquals(before, TinyJob.checkpointSteps(TinyJob.checkpointDir(output)),
                "a refused resume deletes nothing");

        TinyJob.Run lr = TinyJob.train(yaml, "training.optimizer.lr=0.02", "training.epochs=4");
        assertEquals(0, lr.code(), lr.all());
        assertTrue(lr.out().contains("resuming with changed settings: training.epochs 3 -> 4,"
                + " training.optimizer.lr 0.01 -> 0.02"), lr.out());
        double[][] resumed = TinyJob.epochLosses(output);
        double[][] uninterrupted = TinyJob.epochLosses(reference);
        assertEquals(4, resumed.length);
        for (int e = 0; e < 3; e++) {
            assertArrayEquals(uninterrupted[e], resumed[e], "epoch " + (e + 1) + " comes from the checkpoint");
        }
    }

    @Test
    void resumeFromAPathContinuesFromThatCheckpoint() throws IOException {
        Path output = dir.resolve("by-path");
        Path yaml = failedLate(output);
        Path ckpts = TinyJob.checkpointDir(output);
        long oldest = TinyJob.checkpointSteps(ckpts).get(0);

        TinyJob.Run r = TinyJob.train(yaml, "training.resume=" + TinyJob.checkpointFile(ckpts, oldest));
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("removed 2 later checkpoints"), r.out());
        assertTrue(r.out().contains("at step " + oldest), r.out());
        assertArrayEquals(TinyJob.params(reference), TinyJob.params(output));
    }

    @Test
    void anotherPartitionCountOrChangedInputIsRefusedUnlessResumeExactIsOff() throws IOException {
        Path own = TinyJob.csv(dir, "own.csv", 320, -1);
        Path output = dir.resolve("layout");
        Path yaml = TinyJob.yaml(dir, own, output);
        TinyJob.Run failed = TinyJob.train(yaml, "data.test=" + badTest);
        assertEquals(2, failed.code(), failed.all());
        Path ckpts = TinyJob.checkpointDir(output);
        List<Long> before = TinyJob.checkpointSteps(ckpts);
        assertEquals(3, before.size());

        TinyJob.Run partitions = TinyJob.train(yaml, "data.partitions=3");
        assertEquals(2, partitions.code(), partitions.all());
        assertTrue(partitions.err().contains("data.partitions is 3 here, 2 in the checkpoint"), partitions.err());
        assertTrue(partitions.err().contains("training.resume_exact: false"), "says how to go on: " + partitions.err());
        assertEquals(before, TinyJob.checkpointSteps(ckpts), "a refused resume deletes nothing");

        // The same bytes with a new modification time: the input may have been replaced, so it is not the same run.
        Files.setLastModifiedTime(own, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(own).toMillis() + 60_000));
        TinyJob.Run touched = TinyJob.train(yaml);
        assertEquals(2, touched.code(), touched.all());
        assertTrue(touched.err().contains("data.input.modified is ") && touched.err().contains("data.input.files_sha256"),
                touched.err());
        assertFalse(touched.err().contains("data.partitions is"), "only what differs is named: " + touched.err());
        assertEquals(before, TinyJob.checkpointSteps(ckpts));
        assertFalse(Files.exists(output));

        TinyJob.Run lenient = TinyJob.train(yaml, "training.resume_exact=false");
        assertEquals(0, lenient.code(), lenient.all());
        assertTrue(lenient.out().contains("resuming with changed settings: data.input.modified "), lenient.out());
        assertTrue(lenient.out().contains("will not end bit-identical"), lenient.out());
        assertTrue(lenient.out().contains("at step " + before.get(2)), "it resumed: " + lenient.out());
        // Same rows, same partitions: continuing really was the same run.
        assertArrayEquals(TinyJob.params(reference), TinyJob.params(output));
    }
}
