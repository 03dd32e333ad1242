// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * The one-cycle policy (Smith &amp; Topin, arXiv:1708.07120) as in PyTorch's OneCycleLR with its
 * defaults (two phases, cosine annealing). With T = totalSteps, η₀ = maxLr / divFactor and
 * η_end = η₀ / finalDivFactor, the phases end at steps e₁ = pctStart·T − 1 and e₂ = T − 1:
 * <pre>
 *   0 ≤ t ≤ e₁:   lr(t) = cos_anneal(η₀ → maxLr,   (t − 0)  / (e₁ − 0))
 *   e₁ &lt; t:      lr(t) = cos_anneal(maxLr → η_end, (t − e₁) / (e₂ − e₁))   (fraction capped at 1)
 *   cos_anneal(a → b, p) = b + (a − b)·(1 + cos(π·p)) / 2
 * </pre>
 * So lr(0) = η₀, lr(e₁) = maxLr and lr(T − 1) = η_end; steps past T − 1 stay at η_end (PyTorch
 * raises instead). PyTorch also cycles the momentum inversely; Ember does not.
 */
public record OneCycleLr(double maxLr, long totalSteps, double pctStart, double divFactor,
                         double finalDivFactor) implements Schedule {
    public OneCycleLr {
        Require.positive("one_cycle.max_lr", maxLr);
        Require.atLeast("one_cycle.total_steps", totalSteps, 1);
        if (!(pctStart > 0 && pctStart < 1)) {
            throw new IllegalArgumentException("one_cycle.pct_start must be in (0, 1), got " + pctStart);
        }
        Require.positive("one_cycle.div_factor", divFactor);
        Require.positive("one_cycle.final_div_factor", finalDivFactor);
        double warmEnd = pctStart * totalSteps - 1;
        if (!(warmEnd > 0 && warmEnd < totalSteps - 1)) {
            throw new IllegalArgumentException("one_cycle.pct_start " + pctStart + " with total_steps "
                    + totalSteps + " leaves a phase without steps: the warm phase ends at step "
                    + warmEnd + ", which must lie strictly between 0 and " + (totalSteps - 1));
        }
    }

    /** pct_start 0.3, div_factor 25, final_div_factor 1e4 (PyTorch's defaults). */
    public static OneCycleLr defaults(double maxLr, long totalSteps) {
        return new OneCycleLr(maxLr, totalSteps, 0.3, 25, 1e4);
    }

    public double initialLr() {
        return maxLr / divFactor;
    }

    public double finalLr() {
        return initialLr() / finalDivFactor;
    }

    @Override
    public double lr(long step) {
        Require.stepIndex(step);
        double warmEnd = pctStart * totalSteps - 1;
        double lastStep = totalSteps - 1;
        if (step <= warmEnd) {
            return CosineLr.cosine(initialLr(), maxLr, step / warmEnd);
        }
        double fraction = Math.min(1, (step - warmEnd) / (lastStep - warmEnd));
        return CosineLr.cosine(maxLr, finalLr(), fraction);
    }
}
