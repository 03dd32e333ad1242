// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ember.driver.SparkSessions;
import dev.ember.driver.config.SparkConfig;
import dev.ember.kernels.Backends;
import dev.ember.kernels.opencl.DeviceInfo;
import dev.ember.kernels.opencl.OpenClDevices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compute.backend: auto} is a timed race between the CPU backend and OpenCL on the CPU
 * (PoCL). A run makes it once and pins every task to the winner; a resume trains on the backend the
 * checkpoint recorded, whatever its own race would say, and so ends bit-identical to an
 * uninterrupted run. The race is forced both ways with {@value Backends#RACE_PROPERTY}.
 */
class AutoBackendResumeTest {
    static SparkSession spark;
    @TempDir static Path dir;
    static Path csv;
    static Path badTest;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(OpenClDevices.list().stream().anyMatch(d -> d.type().equals("CPU"))
                && OpenClDevices.list().stream().noneMatch(DeviceInfo::isGpu),
                "needs an OpenCL CPU device (PoCL) and no GPU, where auto races the CPU backend against OpenCL");
        spark = SparkSessions.create(new SparkConfig("local[2]", Map.of("spark.ui.enabled", "false")),
                "AutoBackendResumeTest");
        csv = TinyJob.csv(dir, "train.csv", 320, -1);
        badTest = TinyJob.csv(dir, "bad-test.csv", 30, 17);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
        }
    }

    @AfterEach
    void clearRace() {
        System.clearProperty(Backends.RACE_PROPERTY);
    }

    /** A checkpoint after every step, all kept: a resume from an early one trains most of the run again. */
    private static final String EVERY_STEP = "training.checkpoint={every_steps: 1, every_minutes: 0, keep: 100}";
    private static final String WIDE = "model.layers=[{dense: 32, activation: relu}, {dense: 16, activation: tanh}]";

    private static TinyJob.Run train(Path output, String race, int microBatch, String... sets) throws IOException {
        System.setProperty(Backends.RACE_PROPERTY, race);
        String[] all = Arrays.copyOf(sets, sets.length + 4);
        all[sets.length] = "compute.backend=auto";
        all[sets.length + 2] = WIDE;
        all[sets.length + 3] = EVERY_STEP;
        // a micro-batch per direction: the executor's pooled workers are per network size, so each
        // direction's first fresh run races afresh in this JVM
        all[sets.length + 1] = "training.micro_batch=" + microBatch;
        return TinyJob.train(TinyJob.yaml(dir, csv, output), all);
    }

    /** The checkpoint after step 5 of the 50 or so that the failed run trained. */
    private static Path early(Path output) throws IOException {
        Path ckpts = TinyJob.checkpointDir(output);
        java.util.List<Long> steps = TinyJob.checkpointSteps(ckpts);
        assertTrue(steps.contains(5L) && steps.size() > 40, "one checkpoint per step: " + steps);
        return TinyJob.checkpointFile(ckpts, 5);
    }

    @ParameterizedTest(name = "checkpoint on {0}, resume where the race says {1}")
    @CsvSource({"opencl, cpu, 8", "cpu, opencl, 4"})
    void aResumeTrainsOnTheRecordedBackendAndEndsBitIdentical(String first, String later, int microBatch)
            throws IOException {
        Path reference = dir.resolve("reference-" + first);
        TinyJob.Run ref = train(reference, first, microBatch);
        assertEquals(0, ref.code(), ref.all());
        assertTrue(ref.out().contains("backend " + first), "the race's winner trains: " + ref.out());

        Path output = dir.resolve("resumed-" + first);
        TinyJob.Run failed = train(output, first, microBatch, "data.test=" + badTest);
        assertEquals(2, failed.code(), failed.all());
        assertFalse(TinyJob.checkpointSteps(TinyJob.checkpointDir(output)).isEmpty(), "checkpoints stay");

        TinyJob.Run resumed = train(output, later, microBatch, "training.resume=" + early(output));
        assertEquals(0, resumed.code(), resumed.all());
        assertTrue(resumed.out().contains("compute: resuming on " + first), resumed.out());
        assertTrue(resumed.out().contains("backend " + first), "trains on the recorded backend: " + resumed.out());
        assertArrayEquals(TinyJob.params(reference), TinyJob.params(output),
                "bit-identical to the uninterrupted run on " + first);
    }

    @Test
    void anExplicitBackendOverridesTheRecordedOneAndSaysTheRunIsNoLongerExact() throws IOException {
        Path output = dir.resolve("override");
        TinyJob.Run failed = train(output, "opencl", 16, "data.test=" + badTest);
        assertEquals(2, failed.code(), failed.all());

        TinyJob.Run resumed = TinyJob.train(TinyJob.yaml(dir, csv, output), "compute.backend=cpu",
                "training.micro_batch=16", WIDE, EVERY_STEP, "training.resume=" + early(output));
        assertEquals(0, resumed.code(), resumed.all());
        assertTrue(resumed.out().contains("trained on opencl:") && resumed.out().contains("this one on cpu")
                && resumed.out().contains("not end bit-identical"), resumed.out());
        assertTrue(Files.exists(output.resolve("model.json")));

        // the two backends round differently, which is what makes the pinning above necessary
        Path reference = dir.resolve("override-reference");
        assertEquals(0, train(reference, "opencl", 16).code());
        assertFalse(Arrays.equals(TinyJob.params(reference), TinyJob.params(output)),
                "finishing on cpu does not give the uninterrupted opencl run's bits");
    }
}
