// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A Spark executor JVM (CoarseGrainedExecutorBackend) started by one of the cluster's Workers.
 *
 * @param pid        the OS process id
 * @param executorId Spark's executor id, as the driver reports it
 * @param appId      the application the executor serves
 * @param worker     index of the Worker that launched it
 */
public record ExecutorProcess(long pid, String executorId, String appId, int worker) {
    static final String MAIN_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

    /** The executor described by a command line, if it is one. */
    static Optional<ExecutorProcess> parse(long pid, List<String> commandLine, int worker) {
        if (!commandLine.contains(MAIN_CLASS)) {
            return Optional.empty();
        }
        return Optional.of(new ExecutorProcess(pid, argument(commandLine, "--executor-id"),
                argument(commandLine, "--app-id"), worker));
    }

    private static String argument(List<String> commandLine, String flag) {
        int at = commandLine.indexOf(flag);
        return at >= 0 && at + 1 < commandLine.size() ? commandLine.get(at + 1) : "?";
    }

    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** kill -9, then waits (up to 10 s) until the process is gone. */
    public void kill() {
        ProcessHandle.of(pid).ifPresent(handle -> {
            handle.destroyForcibly();
            if (!ChildProcess.awaitGone(handle, Duration.ofSeconds(10))) {
                throw new IllegalStateException("executor " + executorId + " (pid " + pid + ") survived SIGKILL for 10 s");
            }
        });
    }

    /** Waits up to {@code deadline} for the process to exit on its own; true if it did. */
    public boolean awaitExit(Duration deadline) {
        return ProcessHandle.of(pid).map(handle -> ChildProcess.awaitGone(handle, deadline)).orElse(true);
    }
}
