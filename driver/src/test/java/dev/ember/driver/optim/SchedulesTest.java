// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ember.driver.optim.ScheduleSpec.Span;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    private static final long TOTAL = 1000;
    private static final long PER_EPOCH = 50;

    private static Schedule build(ScheduleSpec spec) {
        return Schedules.build(spec, 0.1, TOTAL, PER_EPOCH);
    }

    private static String error(ScheduleSpec spec) {
        return assertThrows(IllegalArgumentException.class, () -> build(spec)).getMessage();
    }

    private static Span steps(long n) {
        return new Span(n, false);
    }

    private static Span epochs(long n) {
        return new Span(n, true);
    }

    @Test
    void buildsEachScheduleFromTheBaseRateAndTheTrainingPlan() {
        assertEquals(new ConstantLr(0.1), build(new ScheduleSpec.Constant()));
        assertEquals(new StepLr(0.1, 30, 0.1), build(new ScheduleSpec.Step(steps(30), 0.1)));
        assertEquals(new ExponentialLr(0.1, 0.99), build(new ScheduleSpec.Exponential(0.99, false)));
        assertEquals(new CosineLr(0.1, TOTAL, 0), build(new ScheduleSpec.Cosine(0)));
        assertEquals(new WarmRestartsLr(0.1, 100, 2, 1e-4), build(new ScheduleSpec.Sgdr(steps(100), 2, 1e-4)));
        assertEquals(new OneCycleLr(0.1, TOTAL, 0.3, 25, 1e4), build(new ScheduleSpec.OneCycle(null, 0.3, 25, 1e4)));
        assertEquals(new OneCycleLr(0.5, TOTAL, 0.25, 10, 100), build(new ScheduleSpec.OneCycle(0.5, 0.25, 10, 100)));
    }

    @Test
    void epochLengthsAreConvertedToSteps() {
        // 50 steps per epoch: 2 epochs = 100 steps
        assertEquals(new StepLr(0.1, 100, 0.5), build(new ScheduleSpec.Step(epochs(2), 0.5)));
        assertEquals(new WarmRestartsLr(0.1, 100, 1, 0), build(new ScheduleSpec.Sgdr(epochs(2), 1, 0)));
        assertEquals(new LinearWarmup(new CosineLr(0.1, TOTAL, 0), 50),
                build(new ScheduleSpec.Warmup(new ScheduleSpec.Cosine(0), epochs(1))));
    }

    @Test
    void gammaPerEpochIsSpreadOverTheEpochsSteps() {
        // γ_epoch = 0.81 with 50 steps per epoch: after one epoch (step 50) lr = 0.1·0.81 = 0.081
        Schedule s = build(new ScheduleSpec.Exponential(0.81, true));
        assertEquals(0.081, s.lr(50), 1e-12);
        assertEquals(0.1 * 0.81 * 0.81, s.lr(100), 1e-12);
    }

    @Test
    void warmupWrapsAnySchedule() {
        assertEquals(new LinearWarmup(new StepLr(0.1, 30, 0.1), 10),
                build(new ScheduleSpec.Warmup(new ScheduleSpec.Step(steps(30), 0.1), steps(10))));
    }

    @Test
    void rejectsBadValuesNamingThem() {
        assertEquals("step.step_size must be >= 1, got 0", error(new ScheduleSpec.Step(epochs(0), 0.1)));
        assertEquals("cosine.eta_min must be >= 0 and finite, got -1.0", error(new ScheduleSpec.Cosine(-1)));
        assertEquals("sgdr.t_mult must be >= 1, got 0", error(new ScheduleSpec.Sgdr(steps(5), 0, 0)));
        assertEquals("exponential.gamma_per_epoch must be in (0, 1], got 2.0",
                error(new ScheduleSpec.Exponential(2, true)));
        assertEquals("total steps must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class,
                        () -> Schedules.build(new ScheduleSpec.Constant(), 0.1, 0, 1)).getMessage());
    }
}
