// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import java.util.Objects;

/**
 * The {@code training} section. Nullable fields: {@code clipNorm} (no clipping), {@code earlyStopping}
 * (off), {@code microBatch} (auto: chosen from the model size), {@code checkpoint} (no checkpoints),
 * {@code initFrom} (no warm start; else the folder of a saved model whose parameters initialise this
 * run, all of them, or with {@code initFromPartial} those of the layers whose shapes match).
 * {@code resume}: {@code auto} (continue from the newest valid checkpoint in the checkpoint folder,
 * if checkpoints are on and there is one), {@code never} (start afresh, deleting what an earlier
 * run left there), or the path of a checkpoint file (or a folder of them) to continue from. A
 * resumed checkpoint wins over {@code initFrom}: the interrupted run already started from it.
 * {@code resumeExact} (default true): a resume must end bit-identical to an uninterrupted run, so
 * a checkpoint made with another partition count or other input files is refused; false continues
 * on them, logging what changed.
 */
public record TrainingConfig(int epochs, int batchSize, long seed, OptimizerConfig optimizer,
                             ScheduleConfig schedule, Double clipNorm, EarlyStoppingConfig earlyStopping,
                             Integer microBatch, int logEverySteps, boolean lsuv, CheckpointConfig checkpoint,
                             Resume resume, boolean resumeExact, String initFrom, boolean initFromPartial) {

    public TrainingConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(resume, "resume");
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
        if (initFrom != null && initFrom.isBlank()) {
            throw new ConfigException("training.init_from must be the folder of a saved model, got ''");
        }
        if (initFromPartial && initFrom == null) {
            throw new ConfigException("training.init_from_partial needs training.init_from (the model to start from)");
        }
        if (logEverySteps < 1) {
            throw new ConfigException("training.log_every_steps must be >= 1, got " + logEverySteps);
        }
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(10, 256, 42L, OptimizerConfig.defaults(), ScheduleConfig.defaults(), null, null,
                null, 50, false, null, Resume.AUTO, true, null, false);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(e, batchSize, seed, optimizer, schedule, clipNorm, earlyStopping, microBatch,
                logEverySteps, lsuv, checkpoint, resume, resumeExact, initFrom, initFromPartial);
    }
}
