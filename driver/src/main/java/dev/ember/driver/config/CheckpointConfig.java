// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

/**
 * {@code training.checkpoint}: every {@code everySteps} steps (0 = only at the end of each epoch) a
 * checkpoint goes to {@code dir} (null = {@code <output>/checkpoints}); the newest {@code keep} are kept.
 * {@code resume} picks up the newest complete checkpoint in that directory, if any.
 */
public record CheckpointConfig(int everySteps, int keep, String dir, boolean resume) {
    public CheckpointConfig {
        if (everySteps < 0) {
            throw new ConfigException("training.checkpoint.every_steps must be >= 0, got " + everySteps);
        }
        if (keep < 1) {
            throw new ConfigException("training.checkpoint.keep must be >= 1, got " + keep);
        }
    }

    public static CheckpointConfig defaults() {
        return new CheckpointConfig(0, 2, null, true);
    }
}
