// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver is a real separate JVM ({@code dev.ember.driver.cli.Main train}, the flags of
 * deploy/jvm-options.txt, libjsig preloaded), killed with SIGKILL twice in the middle of training
 * and started again each time with {@code training.resume: auto}; its final parameters and epoch
 * history must equal, bit for bit, those of the same job run without interruption.
 */
class KillResumeTest {
    private static final Pattern RESUMED = Pattern.compile("resuming from checkpoint \\S+ at step (\\d+) ");
    private static final Pattern ROWS = Pattern.compile("Ember: (\\d+) training rows");
    private static final long CHILD_TIMEOUT_SECONDS = 240;

    @TempDir Path dir;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void killedTwiceAndResumedEndsBitIdenticalToAnUninterruptedRun() throws Exception {
        Path csv = TinyJob.csv(dir, "train.csv", 320, -1);
        Path reference = dir.resolve("reference");
        Child ref = Child.start(TinyJob.yaml(dir, csv, reference), dir.resolve("reference.log"));
        assertEquals(0, ref.waitFor(), ref.log());
        long stepsPerEpoch = stepsPerEpoch(ref.log());

        Path output = dir.resolve("killed");
        Path yaml = TinyJob.yaml(dir, csv, output);
        Path ckpts = TinyJob.checkpointDir(output);

        Child first = Child.start(yaml, dir.resolve("first.log"));
        first.killOnceCheckpointed(ckpts, 2);
        Child second = Child.start(yaml, dir.resolve("second.log"));
        long resumedAt = resumedStep(second.waitForLine(RESUMED));
        assertNotEquals(0, resumedAt % stepsPerEpoch, "the first kill came inside epoch 1 (checkpoint at every step,"
                + " killed as soon as step 2 was saved); resumed at step " + resumedAt);
        second.killOnceCheckpointed(ckpts, 2 * stepsPerEpoch + stepsPerEpoch / 2);
        Child third = Child.start(yaml, dir.resolve("third.log"));
        assertEquals(0, third.waitFor(), third.log());
        long secondResume = resumedStep(third.log());
        assertTrue(secondResume > resumedAt, "the third run resumed from the second's checkpoint, step "
                + secondResume + ", after step " + resumedAt);

        assertArrayEquals(TinyJob.params(reference), TinyJob.params(output), "bit-identical parameters");
        assertArrayEquals(TinyJob.epochLosses(reference), TinyJob.epochLosses(output), "the same epoch history");
        assertFalse(Files.exists(ckpts), "the finished run removed its checkpoints");
    }

    private static long stepsPerEpoch(String log) {
        Matcher m = ROWS.matcher(log);
        assertTrue(m.find(), log);
        return (Long.parseLong(m.group(1)) + 15) / 16;
    }

    private static long resumedStep(String log) {
        Matcher m = RESUMED.matcher(log);
        assertTrue(m.find(), "the run said where it resumed:\n" + log);
        return Long.parseLong(m.group(1));
    }

    /** A child JVM running {@code Main train}, its stdout and stderr in one log file. */
    private record Child(Process process, Path logFile) {
        static Child start(Path yaml, Path logFile) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx768m");
            cmd.add("-XX:TieredStopAtLevel=1");   // C1 only: a quicker start; the same for all four runs
            cmd.addAll(jvmOptions());
            cmd.add("-Dlog4j2.configurationFile=" + root().resolve("deploy/log4j2.properties"));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.ember.driver.cli.Main", "train",
                    yaml.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile());
            Path jsig = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
            if (Files.isRegularFile(jsig)) {
                pb.environment().put("LD_PRELOAD", jsig.toString());
            }
            pb.environment().put("OPENBLAS_NUM_THREADS", "1");
            pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            return new Child(pb.start(), logFile);
        }

        String log() throws IOException {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        }

        int waitFor() throws Exception {
            if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail("the child JVM did not finish in " + CHILD_TIMEOUT_SECONDS + " s:\n" + log());
            }
            return process.exitValue();
        }

        /** Waits for a line matching {@code p} in the log; returns the log so far. */
        String waitForLine(Pattern p) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_SECONDS);
            while (System.nanoTime() < deadline) {
                String text = log();
                if (p.matcher(text).find()) {
                    return text;
                }
                if (!process.isAlive()) {
                    fail("the child JVM ended (exit " + process.exitValue() + ") before printing " + p + ":\n" + text);
                }
                Thread.sleep(20);
            }
            process.destroyForcibly().waitFor();
            return fail("no line matching " + p + " in " + CHILD_TIMEOUT_SECONDS + " s:\n" + log());
        }

        /** Sends SIGKILL as soon as a checkpoint at or after {@code step} exists, and checks that it died of it. */
        void killOnceCheckpointed(Path ckpts, long step) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_SECONDS);
            while (System.nanoTime() < deadline && process.isAlive()) {
                List<Long> steps = TinyJob.checkpointSteps(ckpts);
                if (!steps.isEmpty() && steps.get(steps.size() - 1) >= step) {
                    process.destroyForcibly();   // SIGKILL on Linux: no shutdown hooks, no cleanup
                    assertEquals(128 + 9, process.waitFor(), "killed by SIGKILL");
                    return;
                }
                Thread.sleep(5);
            }
            fail("no checkpoint at step " + step + " or later appeared before the child "
                    + (process.isAlive() ? "timed out" : "ended with exit " + process.exitValue()) + ":\n" + log());
        }

        private static List<String> jvmOptions() throws IOException {
            return Files.readAllLines(root().resolve("deploy/jvm-options.txt")).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
        }

        /** The project root: the nearest ancestor of the working directory with deploy/jvm-options.txt. */
        private static Path root() {
            for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
                if (Files.isRegularFile(d.resolve("deploy/jvm-options.txt"))) {
                    return d;
                }
            }
            throw new IllegalStateException("no deploy/jvm-options.txt above " + Path.of("").toAbsolutePath());
        }
    }
}
