// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * A learning-rate schedule as a job describes it, before the run's length is known: lengths may be
 * counted in epochs, one_cycle's peak may default to the optimiser's rate, and cosine and one_cycle
 * span the whole run. {@link Schedules#build} turns it into the {@link Schedule} of one run. Plain
 * records: the ranges are checked by the schedules they build, under the same names.
 */
public sealed interface ScheduleSpec {

    /** A length in optimiser steps, or in epochs (multiplied by the steps per epoch once, at build). */
    record Span(long count, boolean inEpochs) {
        public static final Span NONE = new Span(0, false);

        public long steps(long stepsPerEpoch) {
            return inEpochs ? Math.multiplyExact(count, stepsPerEpoch) : count;
        }
    }

    /** {@link ConstantLr}. */
    record Constant() implements ScheduleSpec {}

    /** {@link StepLr}: {@code step_size} or {@code step_size_epochs}, {@code gamma}. */
    record Step(Span stepSize, double gamma) implements ScheduleSpec {}

    /** {@link ExponentialLr}: {@code gamma} per step, or per epoch ({@code gamma_per_epoch}). */
    record Exponential(double gamma, boolean perEpoch) implements ScheduleSpec {}

    /** {@link CosineLr} over the whole run. */
    record Cosine(double etaMin) implements ScheduleSpec {}

    /** {@link WarmRestartsLr}: {@code t_0} or {@code t_0_epochs}, {@code t_mult}, {@code eta_min}. */
    record Sgdr(Span t0, long tMult, double etaMin) implements ScheduleSpec {}

    /** {@link OneCycleLr} over the whole run; {@code maxLr} null means the optimiser's base rate. */
    record OneCycle(Double maxLr, double pctStart, double divFactor, double finalDivFactor)
            implements ScheduleSpec {}

    /** {@link LinearWarmup} of {@code length} in front of {@code inner}. */
    record Warmup(ScheduleSpec inner, Span length) implements ScheduleSpec {}
}
