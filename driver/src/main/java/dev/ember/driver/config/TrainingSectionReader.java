// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

/** Reads the {@code training} section; each optimiser and schedule accepts only its own keys. */
final class TrainingSectionReader {
    private TrainingSectionReader() {}

    static TrainingConfig training(ConfigNode n) {
        TrainingConfig d = TrainingConfig.defaults();
        TrainingConfig c = new TrainingConfig(n.integer("epochs", d.epochs()), n.integer("batch_size", d.batchSize()),
                n.longValue("seed", d.seed()), OptimReader.optimizer(n.child("optimizer")),
                OptimReader.schedule(n.child("schedule")),
                n.optionalNumber("clip_norm"), earlyStopping(n), n.optionalInteger("micro_batch"),
                n.integer("log_every_steps", d.logEverySteps()), n.bool("lsuv", d.lsuv()),
                checkpoint(n), Resume.of(n.string("resume", d.resume().toString())),
                n.bool("resume_exact", d.resumeExact()), n.string("init_from", d.initFrom()),
                n.bool("init_from_partial", d.initFromPartial()));
        n.finish();
        return c;
    }

    private static EarlyStoppingConfig earlyStopping(ConfigNode parent) {
        if (!parent.has("early_stopping")) {
            return null;
        }
        ConfigNode n = parent.child("early_stopping");
        EarlyStoppingConfig d = EarlyStoppingConfig.defaults();
        EarlyStoppingConfig c = new EarlyStoppingConfig(n.choice("metric", d.metric(), Names.METRICS),
                n.integer("patience", d.patience()), n.number("min_delta", d.minDelta()),
                n.choice("mode", "auto", Names.MODES));
        n.finish();
        return c;
    }

    /** Absent or null: no checkpoints; a mapping (even empty) turns them on. */
    private static CheckpointConfig checkpoint(ConfigNode parent) {
        if (!parent.has("checkpoint")) {
            return null;
        }
        ConfigNode n = parent.child("checkpoint");
        CheckpointConfig d = CheckpointConfig.defaults();
        CheckpointConfig c = new CheckpointConfig(n.string("dir", d.dir()), n.integer("every_steps", d.everySteps()),
                n.number("every_minutes", d.everyMinutes()), n.integer("keep", d.keep()));
        n.finish();
        return c;
    }
}
