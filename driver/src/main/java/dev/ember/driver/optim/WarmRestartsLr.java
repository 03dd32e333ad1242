// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * SGDR, cosine annealing with warm restarts (Loshchilov &amp; Hutter, arXiv:1608.03983; PyTorch's
 * CosineAnnealingWarmRestarts with integer step counts). Cycle i lasts T_i = T₀·T_multⁱ steps and
 * starts at S_i = T₀ + T₀·T_mult + ... + T₀·T_multⁱ⁻¹; within it, with T_cur = t − S_i,
 * <pre>
 *   lr(t) = η_min + (η − η_min) · (1 + cos(π·T_cur / T_i)) / 2
 * </pre>
 * So the rate is back at η at every restart S_i (T₀, 2T₀, 3T₀, ... when T_mult = 1; T₀, 3T₀, 7T₀,
 * ... when T_mult = 2). The cycle is found by integer arithmetic, not by a logarithm, so restart
 * points are exact.
 */
public record WarmRestartsLr(double baseLr, long t0, long tMult, double etaMin) implements Schedule {
    public WarmRestartsLr {
        Require.positive("sgdr.base_lr", baseLr);
        Require.atLeast("sgdr.t_0", t0, 1);
        Require.atLeast("sgdr.t_mult", tMult, 1);
        Require.nonNegative("sgdr.eta_min", etaMin);
    }

    @Override
    public double lr(long step) {
        Require.stepIndex(step);
        long start = 0;
        long length = t0;
        if (tMult == 1) {
            start = step - step % t0;
        } else {
            // At most ~63 iterations: the cycle length grows geometrically.
            while (step - start >= length) {
                start += length;
                if (length > Long.MAX_VALUE / tMult) {
                    break;
                }
                length *= tMult;
            }
        }
        return CosineLr.cosine(baseLr, etaMin, (double) (step - start) / length);
    }
}
