// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import java.util.Objects;

/**
 * The {@code training} section. Nullable fields: {@code clipNorm} (no clipping), {@code earlyStopping}
 * (off), {@code microBatch} (auto: chosen from the model size), {@code warmStart} (no warm start; else the
 * path of a saved model whose parameters initialise this run).
 */
public record TrainingConfig(int epochs, int batchSize, long seed, OptimizerConfig optimizer,
                             ScheduleConfig schedule, Double clipNorm, EarlyStoppingConfig earlyStopping,
                             Integer microBatch, int logEverySteps, boolean lsuv, CheckpointConfig checkpoint,
                             String warmStart) {
    public TrainingConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (epochs < 1) {
            throw new ConfigException("training.epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new ConfigException("training.batch_size must be >= 1, got " + batchSize);
        }
        if (clipNorm != null && (!(clipNorm > 0) || clipNorm.isInfinite())) {
            throw new ConfigException("training.clip_norm must be > 0 (or null for no clipping), got " + clipNorm);
        }
        if (microBatch != null && microBatch < 1) {
            throw new ConfigException("training.micro_batch must be >= 1 or auto, got " + microBatch);
        }
        if (logEverySteps < 1) {
            throw new ConfigException("training.log_every_steps must be >= 1, got " + logEverySteps);
        }
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(10, 256, 42L, OptimizerConfig.defaults(), ScheduleConfig.defaults(), null, null,
                null, 50, false, CheckpointConfig.defaults(), null);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(e, batchSize, seed, optimizer, schedule, clipNorm, earlyStopping, microBatch,
                logEverySteps, lsuv, checkpoint, warmStart);
    }
}
