// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import dev.ember.driver.optim.Adagrad;
import dev.ember.driver.optim.Adam;
import dev.ember.driver.optim.AdamW;
import dev.ember.driver.optim.Optimizer;
import dev.ember.driver.optim.Optimizers;
import dev.ember.driver.optim.RmsProp;
import dev.ember.driver.optim.ScheduleSpec;
import dev.ember.driver.optim.ScheduleSpec.Span;
import dev.ember.driver.optim.Sgd;
import java.util.function.Supplier;

/**
 * Reads {@code training.optimizer} and {@code training.schedule}: each optimiser and schedule accepts
 * only its own options (listed in {@link Optimizers} and {@link dev.ember.driver.optim.Schedules}),
 * left-out options take the records' defaults, and the records check the ranges, their messages
 * renamed to the full key ({@code adam.lr} becomes {@code training.optimizer.lr}).
 */
final class OptimReader {
    private OptimReader() {}

    static OptimizerConfig optimizer(ConfigNode n) {
        String name = n.choice("name", OptimizerConfig.defaults().name(), Names.OPTIMIZERS);
        n.requireOptionValues();
        return optimizer(name, n.splitPair("betas", "beta1", "beta2"));
    }

    /** The options of optimiser {@code name} under {@code n}, whose other keys are all options. */
    static OptimizerConfig optimizer(String name, ConfigNode n) {
        Optimizer optimizer = named(n, name, () -> switch (name) {
            case "sgd" -> Optimizers.sgd(n.option("lr", Sgd.defaults().lr()), n.option("momentum", 0),
                    n.flagOption("nesterov", false), n.option("weight_decay", Sgd.defaults().weightDecay()));
            case "adam" -> {
                Adam d = Adam.defaults();
                yield new Adam(n.option("lr", d.lr()), n.option("beta1", d.beta1()), n.option("beta2", d.beta2()),
                        n.option("eps", d.eps()), n.option("weight_decay", d.weightDecay()));
            }
            case "adamw" -> {
                AdamW d = AdamW.defaults();
                yield new AdamW(n.option("lr", d.lr()), n.option("beta1", d.beta1()), n.option("beta2", d.beta2()),
                        n.option("eps", d.eps()), n.option("weight_decay", d.weightDecay()));
            }
            case "rmsprop" -> {
                RmsProp d = RmsProp.defaults();
                yield new RmsProp(n.option("lr", d.lr()), n.option("alpha", d.alpha()), n.option("eps", d.eps()),
                        n.option("momentum", d.momentum()), n.option("weight_decay", d.weightDecay()));
            }
            case "adagrad" -> {
                Adagrad d = Adagrad.defaults();
                yield new Adagrad(n.option("lr", d.lr()), n.option("lr_decay", d.lrDecay()),
                        n.option("eps", d.eps()), n.option("weight_decay", d.weightDecay()));
            }
            default -> throw new AssertionError("unhandled optimizer " + name);   // Names.OPTIMIZERS
        });
        n.finishOptions(name, "name");
        return new OptimizerConfig(optimizer, n.written("name"));
    }

    static ScheduleConfig schedule(ConfigNode n) {
        String name = n.choice("name", ScheduleConfig.defaults().name(), Names.SCHEDULES);
        n.requireOptionValues();
        ScheduleSpec shape = switch (name) {
            case "constant" -> new ScheduleSpec.Constant();
            case "step" -> new ScheduleSpec.Step(span(n, name, "step_size", "step_size_epochs", true),
                    n.option("gamma", 0.1));
            case "exponential" -> exponential(n);
            case "cosine" -> new ScheduleSpec.Cosine(n.option("eta_min", 0));
            case "sgdr" -> new ScheduleSpec.Sgdr(span(n, name, "t_0", "t_0_epochs", true), n.integerOption("t_mult", 1),
                    n.option("eta_min", 0));
            case "one_cycle" -> new ScheduleSpec.OneCycle(n.has("max_lr") ? n.option("max_lr", 0) : null,
                    n.option("pct_start", 0.3), n.option("div_factor", 25), n.option("final_div_factor", 1e4));
            default -> throw new AssertionError("unhandled schedule " + name);   // Names.SCHEDULES
        };
        Span warmup = span(n, name, "warmup_steps", "warmup_epochs", false);
        ScheduleSpec spec = warmup.count() > 0 ? new ScheduleSpec.Warmup(shape, warmup) : shape;
        ScheduleConfig c = new ScheduleConfig(name, spec, n.written("name"));
        n.finishOptions(name, "name");
        return c;
    }

    /**
     * {@code stepKey} (in steps) or {@code epochKey} (in epochs): at most one of them, exactly one if
     * {@code required}; {@link Span#NONE} when neither is given and it is optional.
     */
    private static Span span(ConfigNode n, String owner, String stepKey, String epochKey, boolean required) {
        boolean inSteps = n.has(stepKey);
        boolean inEpochs = n.has(epochKey);
        if (inSteps && inEpochs) {
            throw new ConfigException(n.path() + ": " + owner + ": give " + stepKey + " or " + epochKey + ", not both");
        }
        if (!inSteps && !inEpochs) {
            if (required) {
                throw new ConfigException(n.path() + ": " + owner + " needs " + stepKey + " or " + epochKey);
            }
            return Span.NONE;
        }
        String used = inSteps ? stepKey : epochKey;
        long value = n.integerOption(used, 0);
        if (value < 0) {
            throw new ConfigException(n.key(used) + " must be >= 0, got " + value);
        }
        return new Span(value, inEpochs);
    }

    private static ScheduleSpec exponential(ConfigNode n) {
        boolean perStep = n.has("gamma");
        boolean perEpoch = n.has("gamma_per_epoch");
        if (perStep == perEpoch) {
            throw new ConfigException(n.path() + ": exponential needs exactly one of gamma (per step) or "
                    + "gamma_per_epoch, got " + (perStep ? "both" : "neither"));
        }
        return perStep ? new ScheduleSpec.Exponential(n.option("gamma", 1), false)
                : new ScheduleSpec.Exponential(n.option("gamma_per_epoch", 1), true);
    }

    /** Runs {@code build}, naming the full key in a record's range message. */
    private static <T> T named(ConfigNode n, String name, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigMessages.nameKeys(n.path(), name, e.getMessage()));
        }
    }
}
