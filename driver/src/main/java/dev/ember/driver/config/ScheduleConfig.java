// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import java.util.List;

/**
 * {@code training.schedule}: the learning rate as a function of the step t (counted in optimiser steps).
 * Null fields mean auto. η₀ is training.optimizer.lr.
 *
 * <pre>
 * constant     η₀
 * step         η₀·gamma^⌊t / step_size⌋                  step_size auto = one epoch, gamma 0.1
 * exponential  η₀·gamma^(t / decay_steps)                decay_steps auto = one epoch, gamma 0.95
 * cosine       min_lr + (η₀ − min_lr)·(1 + cos(π·t/total_steps))/2     total_steps auto = the whole run
 * sgdr         cosine restarted every t0 steps, each cycle t_mult times longer    t0 auto = one epoch, t_mult 2
 * onecycle     warm up from max_lr/div_factor to max_lr over pct_start of total_steps, then anneal (cosine)
 *              to max_lr/(div_factor·final_div_factor)   max_lr auto = η₀, pct_start 0.3, div 25, final_div 1e4
 * </pre>
 * {@code warmup_steps} (all but onecycle, which has its own) ramps linearly from 0 to the schedule's value.
 */
public record ScheduleConfig(String name, int warmupSteps, Integer stepSize, double gamma, Integer decaySteps,
                             Integer totalSteps, double minLr, Integer t0, double tMult, Double maxLr,
                             double pctStart, double divFactor, double finalDivFactor) {
    public ScheduleConfig {
        if (!Names.SCHEDULES.containsValue(name)) {
            throw new ConfigException("training.schedule.name must be one of "
                    + String.join(", ", Names.SCHEDULES.keySet()) + ", got '" + name + "'");
        }
        atLeast("warmup_steps", warmupSteps, 0);
        atLeast("step_size", stepSize, 1);
        atLeast("decay_steps", decaySteps, 1);
        atLeast("total_steps", totalSteps, 1);
        atLeast("t0", t0, 1);
        if (!(gamma > 0 && gamma <= 1)) {
            throw new ConfigException("training.schedule.gamma must be in (0, 1], got " + gamma);
        }
        if (!(minLr >= 0) || !Double.isFinite(minLr)) {
            throw new ConfigException("training.schedule.min_lr must be >= 0, got " + minLr);
        }
        if (!(tMult >= 1) || !Double.isFinite(tMult)) {
            throw new ConfigException("training.schedule.t_mult must be >= 1, got " + tMult);
        }
        if (maxLr != null && !(maxLr > 0)) {
            throw new ConfigException("training.schedule.max_lr must be > 0, got " + maxLr);
        }
        if (!(pctStart > 0 && pctStart < 1)) {
            throw new ConfigException("training.schedule.pct_start must be in (0, 1), got " + pctStart);
        }
        if (!(divFactor >= 1) || !(finalDivFactor >= 1)) {
            throw new ConfigException("training.schedule.div_factor and final_div_factor must be >= 1, got "
                    + divFactor + " and " + finalDivFactor);
        }
    }

    public static ScheduleConfig defaults() {
        return defaults("constant");
    }

    public static ScheduleConfig defaults(String name) {
        double gamma = name.equals("exponential") ? 0.95 : 0.1;
        return new ScheduleConfig(name, 0, null, gamma, null, null, 0.0, null, 2.0, null, 0.3, 25.0, 1e4);
    }

    /** The keys schedule {@code name} accepts besides {@code name}. */
    public static List<String> keysOf(String name) {
        return switch (name) {
            case "constant" -> List.of("warmup_steps");
            case "step" -> List.of("warmup_steps", "step_size", "gamma");
            case "exponential" -> List.of("warmup_steps", "decay_steps", "gamma");
            case "cosine" -> List.of("warmup_steps", "total_steps", "min_lr");
            case "sgdr" -> List.of("warmup_steps", "t0", "t_mult", "min_lr");
            case "onecycle" -> List.of("total_steps", "max_lr", "pct_start", "div_factor", "final_div_factor");
            default -> throw new IllegalArgumentException("unknown schedule " + name);
        };
    }

    private static void atLeast(String key, Integer v, int min) {
        if (v != null && v < min) {
            throw new ConfigException("training.schedule." + key + " must be >= " + min + ", got " + v);
        }
    }
}
