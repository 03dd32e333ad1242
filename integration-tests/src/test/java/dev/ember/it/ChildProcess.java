// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One started OS process whose stdout and stderr go to a log file. Every wait has a deadline,
 * because a misconfigured Spark process hangs rather than exits.
 */
final class ChildProcess implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code workDir} with {@code env} added to this JVM's environment. */
    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        try {
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the log contains {@code text}; fails fast, with the log's tail, if the process dies. */
    void awaitLogLine(String text, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!logContains(text)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before logging '" + text + "'; last lines of " + log + ":\n" + tail(30));
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException(name + " did not log '" + text + "' within "
                        + deadline.toSeconds() + " s; last lines of " + log + ":\n" + tail(30));
            }
            sleep(POLL);
        }
    }

    /** Waits for the process to exit; returns its exit code, or throws after killing it at the deadline. */
    int awaitExit(Duration deadline) {
        try {
            if (process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        throw new IllegalStateException(name + " did not exit within " + deadline.toSeconds()
                + " s and was killed; last lines of " + log + ":\n" + tail(40));
    }

    boolean logContains(String text) {
        return output().contains(text);
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    String tail(int lines) {
        List<String> all = output().lines().collect(Collectors.toList());
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** SIGKILL to the process and to every descendant it had (an executor does not outlive the kill). */
    void kill() {
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        awaitGone(process.toHandle(), Duration.ofSeconds(10));
        descendants.forEach(child -> awaitGone(child, Duration.ofSeconds(10)));
    }

    /** SIGTERM, a grace period for shutdown hooks, then SIGKILL for whatever is left, descendants included. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        process.destroy();
        awaitGone(process.toHandle(), Duration.ofSeconds(10));
        descendants.stream().filter(ProcessHandle::isAlive).forEach(child -> awaitGone(child, Duration.ofSeconds(3)));
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        awaitGone(process.toHandle(), Duration.ofSeconds(10));
        descendants.forEach(child -> awaitGone(child, Duration.ofSeconds(10)));
    }

    static boolean awaitGone(ProcessHandle handle, Duration deadline) {
        try {
            handle.onExit().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
