// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the {@code training} section; each optimiser and schedule accepts only its own keys. */
final class TrainingSectionReader {
    private TrainingSectionReader() {}

    static TrainingConfig training(ConfigNode n) {
        TrainingConfig d = TrainingConfig.defaults();
        TrainingConfig c = new TrainingConfig(n.integer("epochs", d.epochs()), n.integer("batch_size", d.batchSize()),
                n.longValue("seed", d.seed()), optimizer(n.child("optimizer")), schedule(n.child("schedule")),
                n.optionalNumber("clip_norm"), earlyStopping(n), n.optionalInteger("micro_batch"),
                n.integer("log_every_steps", d.logEverySteps()), n.bool("lsuv", d.lsuv()),
                checkpoint(n.child("checkpoint")), n.string("warm_start", d.warmStart()));
        n.finish();
        return c;
    }

    private static OptimizerConfig optimizer(ConfigNode n) {
        String name = n.choice("name", OptimizerConfig.defaults().name(), Names.OPTIMIZERS);
        OptimizerConfig d = OptimizerConfig.defaults(name);
        rejectForeignKeys(n, "optimizer " + name, OptimizerConfig.keysOf(name));
        double[] betas = betas(n, d);
        OptimizerConfig c = new OptimizerConfig(name, n.number("lr", d.lr()), n.number("weight_decay", d.weightDecay()),
                n.number("momentum", d.momentum()), n.number("dampening", d.dampening()),
                n.bool("nesterov", d.nesterov()), betas[0], betas[1], n.number("eps", d.eps()),
                n.number("rho", d.rho()), n.bool("amsgrad", d.amsgrad()));
        n.finish("optimizer " + name);
        return c;
    }

    private static double[] betas(ConfigNode n, OptimizerConfig d) {
        JsonNode v = n.raw("betas");
        if (v == null) {
            return new double[] {d.beta1(), d.beta2()};
        }
        if (!v.isArray() || v.size() != 2) {
            throw n.wrongType("betas", "a list of two numbers [beta1, beta2]", v);
        }
        return new double[] {ConfigNode.toDouble(n.key("betas[0]"), v.get(0)),
                ConfigNode.toDouble(n.key("betas[1]"), v.get(1))};
    }

    private static ScheduleConfig schedule(ConfigNode n) {
        String name = n.choice("name", ScheduleConfig.defaults().name(), Names.SCHEDULES);
        ScheduleConfig d = ScheduleConfig.defaults(name);
        rejectForeignKeys(n, "schedule " + name, ScheduleConfig.keysOf(name));
        ScheduleConfig c = new ScheduleConfig(name, n.integer("warmup_steps", d.warmupSteps()),
                n.optionalInteger("step_size"), n.number("gamma", d.gamma()), n.optionalInteger("decay_steps"),
                n.optionalInteger("total_steps"), n.number("min_lr", d.minLr()), n.optionalInteger("t0"),
                n.number("t_mult", d.tMult()), n.optionalNumber("max_lr"), n.number("pct_start", d.pctStart()),
                n.number("div_factor", d.divFactor()), n.number("final_div_factor", d.finalDivFactor()));
        n.finish("schedule " + name);
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

    private static CheckpointConfig checkpoint(ConfigNode n) {
        CheckpointConfig d = CheckpointConfig.defaults();
        CheckpointConfig c = new CheckpointConfig(n.integer("every_steps", d.everySteps()), n.integer("keep", d.keep()),
                n.string("dir", d.dir()), n.bool("resume", d.resume()));
        n.finish();
        return c;
    }

    /**
     * A real key that belongs to another optimiser (schedule) is rejected, before any value is checked,
     * with the list this one takes; misspellings are left to {@link ConfigNode#finish} and its suggestion.
     */
    private static void rejectForeignKeys(ConfigNode n, String owner, java.util.List<String> own) {
        for (String key : new String[] {"lr", "weight_decay", "momentum", "dampening", "nesterov", "betas", "eps",
                "rho", "amsgrad", "warmup_steps", "step_size", "gamma", "decay_steps", "total_steps", "min_lr", "t0",
                "t_mult", "max_lr", "pct_start", "div_factor", "final_div_factor"}) {
            if (n.present(key) && !own.contains(key)) {
                throw new ConfigException(n.key(key) + " is not a setting of " + owner + " (it takes "
                        + String.join(", ", own) + ")");
            }
        }
    }
}
