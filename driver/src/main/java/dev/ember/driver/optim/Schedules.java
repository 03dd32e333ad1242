// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a {@link Schedule} from a config section. The base rate is the optimiser's lr; total steps
 * and steps per epoch come from the training plan. Options (snake_case, as in the job YAML):
 * <pre>
 *   constant     (none)
 *   step         step_size | step_size_epochs (one required), gamma (0.1)
 *   exponential  gamma (per step) | gamma_per_epoch (one required)
 *   cosine       eta_min (0)
 *   sgdr         t_0 | t_0_epochs (one required), t_mult (1), eta_min (0)
 *   one_cycle    max_lr (the base lr), pct_start (0.3), div_factor (25), final_div_factor (1e4)
 *   any of them  warmup_steps | warmup_epochs (optional): {@link LinearWarmup} in front
 * </pre>
 * An {@code _epochs} option is multiplied by stepsPerEpoch once, here; schedules count steps.
 * Unknown names, unknown options and giving both forms of one option are errors that name them.
 */
public final class Schedules {
    /** The names {@link #fromConfig} accepts. */
    public static final List<String> NAMES =
            List.of("constant", "step", "exponential", "cosine", "sgdr", "one_cycle");

    private Schedules() {}

    public static Schedule fromConfig(String name, Map<String, Object> options, double baseLr,
                                      long totalSteps, long stepsPerEpoch) {
        Require.positive("base lr", baseLr);
        Require.atLeast("total steps", totalSteps, 1);
        Require.atLeast("steps per epoch", stepsPerEpoch, 1);
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        Options o = new Options(key, options);
        Schedule schedule = switch (key) {
            case "constant" -> new ConstantLr(baseLr);
            case "step" -> new StepLr(baseLr,
                    steps(o, key, "step_size", "step_size_epochs", stepsPerEpoch, true), o.number("gamma", 0.1));
            case "exponential" -> new ExponentialLr(baseLr, exponentialGamma(o, stepsPerEpoch));
            case "cosine" -> new CosineLr(baseLr, totalSteps, o.number("eta_min", 0));
            case "sgdr" -> new WarmRestartsLr(baseLr, steps(o, key, "t_0", "t_0_epochs", stepsPerEpoch, true),
                    o.integer("t_mult", 1), o.number("eta_min", 0));
            case "one_cycle" -> new OneCycleLr(o.number("max_lr", baseLr), totalSteps,
                    o.number("pct_start", 0.3), o.number("div_factor", 25),
                    o.number("final_div_factor", 1e4));
            default -> throw new IllegalArgumentException("unknown schedule '" + name + "'; known: "
                    + String.join(", ", NAMES));
        };
        long warmup = steps(o, key, "warmup_steps", "warmup_epochs", stepsPerEpoch, false);
        o.rejectUnknown();
        return warmup > 0 ? new LinearWarmup(schedule, warmup) : schedule;
    }

    /**
     * Reads {@code stepKey} (in steps) or {@code epochKey} (times stepsPerEpoch): at most one of
     * them, exactly one if {@code required}. Returns 0 when neither is given and it is optional.
     */
    private static long steps(Options o, String owner, String stepKey, String epochKey,
                              long stepsPerEpoch, boolean required) {
        boolean inSteps = o.has(stepKey);
        boolean inEpochs = o.has(epochKey);
        if (inSteps && inEpochs) {
            throw new IllegalArgumentException(owner + ": give " + stepKey + " or " + epochKey + ", not both");
        }
        if (!inSteps && !inEpochs) {
            if (required) {
                throw new IllegalArgumentException(owner + " needs " + stepKey + " or " + epochKey);
            }
            return 0;
        }
        String used = inSteps ? stepKey : epochKey;
        long value = o.integer(used, 0);
        if (value < 0) {
            throw new IllegalArgumentException(owner + "." + used + " must be >= 0, got " + value);
        }
        return inSteps ? value : Math.multiplyExact(value, stepsPerEpoch);
    }

    private static double exponentialGamma(Options o, long stepsPerEpoch) {
        boolean perStep = o.has("gamma");
        boolean perEpoch = o.has("gamma_per_epoch");
        if (perStep == perEpoch) {
            throw new IllegalArgumentException("exponential needs exactly one of gamma (per step) or "
                    + "gamma_per_epoch, got " + (perStep ? "both" : "neither"));
        }
        if (perStep) {
            return o.number("gamma", 1);
        }
        double gammaEpoch = o.number("gamma_per_epoch", 1);
        Require.decayFactor("exponential.gamma_per_epoch", gammaEpoch);
        return Math.pow(gammaEpoch, 1.0 / stepsPerEpoch);
    }
}
