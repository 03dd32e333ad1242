// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * Cosine annealing from η to η_min over {@code totalSteps} steps (PyTorch's CosineAnnealingLR in
 * closed form, with T_max = totalSteps):
 * <pre>
 *   lr(t) = η_min + (η − η_min) · (1 + cos(π·t / T)) / 2     for 0 ≤ t ≤ T
 *   lr(t) = η_min                                           for t &gt; T (held, not cycled back up)
 * </pre>
 * So lr(0) = η, lr(T/2) = (η + η_min)/2, lr(T) = η_min.
 */
public record CosineLr(double baseLr, long totalSteps, double etaMin) implements Schedule {
    public CosineLr {
        Require.positive("cosine.base_lr", baseLr);
        Require.atLeast("cosine.total_steps", totalSteps, 1);
        Require.nonNegative("cosine.eta_min", etaMin);
    }

    @Override
    public double lr(long step) {
        Require.stepIndex(step);
        if (step >= totalSteps) {
            return etaMin;
        }
        return cosine(baseLr, etaMin, (double) step / totalSteps);
    }

    /** η_min + (η − η_min)·(1 + cos(π·fraction))/2: from η at fraction 0 to η_min at fraction 1. */
    static double cosine(double from, double to, double fraction) {
        return to + (from - to) * (1 + Math.cos(Math.PI * fraction)) / 2;
    }
}
