// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import dev.ember.driver.state.TrainState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ember.driver.config.JobConfig;
import dev.ember.driver.config.TrainingConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When checkpoints are written, without Spark: the trainer's offers are driven by hand. */
class RunCheckpointsTest {
    @TempDir Path dir;

    private TrainingConfig training(String checkpoint) {
        return JobConfig.parse("""
                data: {train: x.csv, format: csv}
                training: {checkpoint: %s}
                output: %s
                """.formatted(checkpoint, dir.resolve("out")), List.of()).training();
    }

    private RunCheckpoints open(TrainingConfig tc) throws IOException {
        RunIdentity id = CheckpointFormatTest.sample(0, false).identity();
        return RunCheckpoints.open(tc, dir.resolve("out").toString(), id, 10, new Configuration(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static void offer(RunCheckpoints c, long step, boolean epochEnd) throws IOException {
        TrainState st = CheckpointFormatTest.sample(step, false).state();
        c.offer(step, epochEnd, () -> st);
    }

    @Test
    void everyStepsAndEveryEpochEnd() throws IOException {
        try (RunCheckpoints c = open(training("{every_steps: 3, every_minutes: 0, keep: 10}"))) {
            assertNull(c.resumed(), "nothing to resume in a new folder");
            for (long s = 1; s <= 9; s++) {
                offer(c, s, false);
                if (s == 5) {
                    offer(c, s, true);
                }
            }
        }
        assertEquals(List.of(3L, 5L, 6L, 9L), TinyJob.checkpointSteps(dir.resolve("out.checkpoints")));
    }

    @Test
    void everyMinutesCountsFromTheLastCheckpoint() throws IOException, InterruptedException {
        try (RunCheckpoints c = open(training("{every_minutes: 1.0e-6, keep: 10}"))) {
            Thread.sleep(5);
            offer(c, 4, false);
            Thread.sleep(5);
            offer(c, 7, false);
        }
        try (RunCheckpoints c = open(training("{dir: %s, every_minutes: 0}".formatted(dir.resolve("off"))))) {
            for (long s = 1; s <= 9; s++) {
                offer(c, s, false);
            }
            offer(c, 10, true);
        }
        assertEquals(List.of(4L, 7L), TinyJob.checkpointSteps(dir.resolve("out.checkpoints")));
        assertEquals(List.of(10L), TinyJob.checkpointSteps(dir.resolve("off")), "only the epoch's end");
    }

    @Test
    void withoutTheSectionNothingIsWritten() throws IOException {
        TrainingConfig none = JobConfig.parse("data: {train: x.csv, format: csv}\noutput: " + dir.resolve("out"),
                List.of()).training();
        assertNull(none.checkpoint());
        try (RunCheckpoints c = open(none)) {
            offer(c, 10, true);
        }
        assertEquals(List.of(), TinyJob.checkpointSteps(dir.resolve("out.checkpoints")));
    }
}
