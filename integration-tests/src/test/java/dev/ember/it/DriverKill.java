// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;

/**
 * A driver crash and its recovery, seen from outside as an operator sees them: one {@code spark-submit}
 * of a training job is killed -9 once its checkpoint folder holds enough checkpoints, then the same
 * submission runs again, while the test watches the checkpoint folder and the output path on HDFS.
 *
 * @param submit      the submission, run twice unchanged
 * @param checkpoints the run's checkpoint folder
 * @param fs          the file system of the output
 * @param output      where the finished model appears
 */
record DriverKill(Submit submit, CheckpointFolder checkpoints, FileSystem fs, org.apache.hadoop.fs.Path output) {
    private static final Duration POLL = Duration.ofMillis(50);

    /**
     * The killed run.
     *
     * @param result       exit code and output of the killed driver
     * @param atKill       the complete checkpoints listed right before the kill
     * @param afterKill    the complete checkpoints left after it
     * @param outputExists whether anything exists at the output path after the kill
     * @param killedAfter  time from the start of the submission to the kill
     */
    record Killed(Submit.Result result, List<Long> atKill, List<Long> afterKill, boolean outputExists,
                  Duration killedAfter) {}

    /**
     * The resumed run.
     *
     * @param result       exit code and output of the second driver
     * @param resumedFrom  the step of the newest checkpoint when it started (the one it must resume from)
     * @param polls        how many times the folder was listed while the model was not yet in place
     * @param missingPolls of those, how many did not list the {@code resumedFrom} checkpoint
     * @param leftAtEnd    the complete checkpoints left once the run had exited
     */
    record Resumed(Submit.Result result, long resumedFrom, int polls, int missingPolls, List<Long> leftAtEnd) {}

    /** Starts the submission and kills its driver JVM once {@code count} checkpoints are complete. */
    Killed killOnceCheckpointed(int count, Path log, Duration deadline) {
        long start = System.nanoTime();
        try (Submit.Running run = submit.start(log)) {
            StepWatcher.await(() -> checkpoints.steps().size() >= count, () -> !run.isAlive(), deadline);
            if (!run.isAlive()) {
                throw new IllegalStateException("the driver exited before " + count + " checkpoints existed:\n"
                        + run.output());
            }
            List<Long> atKill = checkpoints.steps();
            run.killDriver();
            Duration killedAfter = Duration.ofNanos(System.nanoTime() - start);
            Submit.Result result = run.awaitExit(Duration.ofSeconds(10));
            return new Killed(result, atKill, checkpoints.steps(), exists(output), killedAfter);
        }
    }

    /**
     * Runs the submission again to its end, listing the checkpoint folder every {@link #POLL} until the
     * model is in place. The folder is listed before the output is looked up, so a checkpoint deleted by
     * the end-of-run cleanup, after the model was committed, is never taken for an early deletion.
     */
    Resumed resume(Path log, Duration deadline) {
        long resumedFrom = checkpoints.newest();
        String name = CheckpointFolder.fileName(resumedFrom);
        int polls = 0;
        int missing = 0;
        long end = System.nanoTime() + deadline.toNanos();
        try (Submit.Running run = submit.start(log)) {
            while (run.isAlive() && System.nanoTime() < end) {
                boolean listed = checkpoints.steps().contains(resumedFrom);
                if (!exists(output)) {
                    polls++;
                    missing += listed ? 0 : 1;
                }
                ChildProcess.sleep(POLL);
            }
            long secondsLeft = Math.max(1, (end - System.nanoTime()) / 1_000_000_000);
            Submit.Result result = run.awaitExit(Duration.ofSeconds(secondsLeft));
            return new Resumed(result, resumedFrom, polls, missing, checkpoints.steps());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the resumed run (expected to start from " + name + ") failed: "
                    + e.getMessage(), e);
        }
    }

    private boolean exists(org.apache.hadoop.fs.Path path) {
        try {
            return fs.exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look up " + path, e);
        }
    }
}
