// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * Builds the {@link Schedule} of one run from a {@link ScheduleSpec}. The base rate is the
 * optimiser's lr; total steps and steps per epoch come from the training plan. In the job YAML
 * (read by the config package):
 * <pre>
 *   constant     (none)
 *   step         step_size | step_size_epochs (one required), gamma (0.1)
 *   exponential  gamma (per step) | gamma_per_epoch (one required)
 *   cosine       eta_min (0)
 *   sgdr         t_0 | t_0_epochs (one required), t_mult (1), eta_min (0)
 *   one_cycle    max_lr (the base lr), pct_start (0.3), div_factor (25), final_div_factor (1e4)
 *   any of them  warmup_steps | warmup_epochs (optional): {@link LinearWarmup} in front
 * </pre>
 * An epoch count is multiplied by stepsPerEpoch once, here, and a per-epoch γ becomes the per-step
 * γ_epoch^(1/stepsPerEpoch); schedules count steps.
 */
public final class Schedules {
    private Schedules() {}

    public static Schedule build(ScheduleSpec spec, double baseLr, long totalSteps, long stepsPerEpoch) {
        Require.positive("base lr", baseLr);
        Require.atLeast("total steps", totalSteps, 1);
        Require.atLeast("steps per epoch", stepsPerEpoch, 1);
        return of(spec, baseLr, totalSteps, stepsPerEpoch);
    }

    private static Schedule of(ScheduleSpec spec, double baseLr, long totalSteps, long stepsPerEpoch) {
        if (spec instanceof ScheduleSpec.Constant) {
            return new ConstantLr(baseLr);
        }
        if (spec instanceof ScheduleSpec.Step s) {
            return new StepLr(baseLr, s.stepSize().steps(stepsPerEpoch), s.gamma());
        }
        if (spec instanceof ScheduleSpec.Exponential e) {
            return new ExponentialLr(baseLr, e.perEpoch() ? perStep(e.gamma(), stepsPerEpoch) : e.gamma());
        }
        if (spec instanceof ScheduleSpec.Cosine c) {
            return new CosineLr(baseLr, totalSteps, c.etaMin());
        }
        if (spec instanceof ScheduleSpec.Sgdr s) {
            return new WarmRestartsLr(baseLr, s.t0().steps(stepsPerEpoch), s.tMult(), s.etaMin());
        }
        if (spec instanceof ScheduleSpec.OneCycle o) {
            return new OneCycleLr(o.maxLr() == null ? baseLr : o.maxLr(), totalSteps, o.pctStart(), o.divFactor(),
                    o.finalDivFactor());
        }
        if (spec instanceof ScheduleSpec.Warmup w) {
            return new LinearWarmup(of(w.inner(), baseLr, totalSteps, stepsPerEpoch), w.length().steps(stepsPerEpoch));
        }
        throw new AssertionError("unhandled schedule " + spec);   // sealed: unreachable
    }

    /** The per-step γ that gives γ_epoch after one epoch: the smooth curve through the per-epoch values. */
    private static double perStep(double gammaEpoch, long stepsPerEpoch) {
        Require.decayFactor("exponential.gamma_per_epoch", gammaEpoch);
        return Math.pow(gammaEpoch, 1.0 / stepsPerEpoch);
    }
}
