// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * A learning-rate schedule: the rate for optimiser step {@code step}, counted from 0 (the driver
 * passes {@code lr(t − 1)} to {@link Optimizer#step} for step t = 1, 2, ...). Every schedule counts
 * optimiser steps, never epochs; {@link Schedules} converts epoch-denominated options once.
 *
 * <p>A schedule is a pure function of the step, so a resumed run gets the same rates by passing the
 * same step; there is no state to checkpoint. Records, printable; build them with {@link Schedules}.
 */
public sealed interface Schedule
        permits ConstantLr, StepLr, ExponentialLr, CosineLr, WarmRestartsLr, OneCycleLr, LinearWarmup {

    /**
     * The learning rate at step {@code step} (0, 1, 2, ...).
     *
     * @throws IllegalArgumentException if {@code step < 0}
     */
    double lr(long step);
}
