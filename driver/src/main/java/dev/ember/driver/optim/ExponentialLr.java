// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * Exponential decay PER OPTIMISER STEP: lr(t) = η · γᵗ. (PyTorch's ExponentialLR is usually
 * stepped once per epoch; {@link Schedules} accepts {@code gamma_per_epoch} and converts it to the
 * per-step γ = γ_epoch^(1/stepsPerEpoch), the smooth curve through the same per-epoch values.)
 */
public record ExponentialLr(double baseLr, double gamma) implements Schedule {
    public ExponentialLr {
        Require.positive("exponential.base_lr", baseLr);
        Require.decayFactor("exponential.gamma", gamma);
    }

    @Override
    public double lr(long step) {
        Require.stepIndex(step);
        return baseLr * Math.pow(gamma, step);
    }
}
