// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * Linear warm-up in front of another schedule, on the SAME step clock (the inner schedule is not
 * shifted, so a cosine over T steps still ends at T). With W = warmupSteps:
 * <pre>
 *   lr(t) = inner(t) · (t + 1) / W    for t &lt; W
 *   lr(t) = inner(t)                  for t ≥ W
 * </pre>
 * So the first step already gets inner(0)/W (never 0, which would waste a step) and step W − 1 gets
 * the full inner rate, with no jump at the hand-over.
 */
public record LinearWarmup(Schedule inner, long warmupSteps) implements Schedule {
    public LinearWarmup {
        if (inner == null) {
            throw new IllegalArgumentException("warm-up needs a schedule to ramp into, got null");
        }
        Require.atLeast("warmup_steps", warmupSteps, 1);
    }

    @Override
    public double lr(long step) {
        double base = inner.lr(step);
        if (step < warmupSteps) {
            return base * (step + 1) / warmupSteps;
        }
        return base;
    }
}
