// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

/**
 * {@code training.checkpoint}: present (even as {@code {}}) turns checkpoints on. One is written at
 * the end of every epoch and, inside an epoch, every {@code everySteps} steps and every
 * {@code everyMinutes} minutes (0 turns either off). They go to {@code dir} (file:, hdfs:, s3a:;
 * null = {@code <output>.checkpoints}, beside the output) and the newest {@code keep} are kept.
 */
public record CheckpointConfig(String dir, int everySteps, double everyMinutes, int keep) {
    public CheckpointConfig {
        if (dir != null && dir.isBlank()) {
            throw new ConfigException("training.checkpoint.dir must be a path or left out, got an empty string");
        }
        if (everySteps < 0) {
            throw new ConfigException("training.checkpoint.every_steps must be >= 0 (0 = off), got " + everySteps);
        }
        if (!(everyMinutes >= 0) || Double.isInfinite(everyMinutes)) {
            throw new ConfigException("training.checkpoint.every_minutes must be >= 0 (0 = off), got " + everyMinutes);
        }
        if (keep < 1) {
            throw new ConfigException("training.checkpoint.keep must be >= 1, got " + keep);
        }
    }

    public static CheckpointConfig defaults() {
        return new CheckpointConfig(null, 0, 10, 2);
    }

    /** The folder checkpoints go to: {@code dir}, or {@code <output>.checkpoints} beside the output. */
    public String dirFor(String output) {
        if (dir != null) {
            return dir;
        }
        String trimmed = output.endsWith("/") && output.length() > 1 ? output.substring(0, output.length() - 1)
                : output;
        return trimmed + ".checkpoints";
    }
}
