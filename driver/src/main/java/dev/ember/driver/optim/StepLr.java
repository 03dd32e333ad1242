// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * Step decay: lr(t) = η · γ^⌊t / stepSize⌋, so the rate drops by γ at t = stepSize, 2·stepSize, ...
 * {@code stepSize} counts optimiser steps.
 */
public record StepLr(double baseLr, long stepSize, double gamma) implements Schedule {
    public StepLr {
        Require.positive("step.base_lr", baseLr);
        Require.atLeast("step.step_size", stepSize, 1);
        Require.decayFactor("step.gamma", gamma);
    }

    @Override
    public double lr(long step) {
        Require.stepIndex(step);
        return baseLr * Math.pow(gamma, step / stepSize);
    }
}
