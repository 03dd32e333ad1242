// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    private static final long TOTAL = 1000;
    private static final long PER_EPOCH = 50;

    private static Schedule build(String name, Map<String, Object> options) {
        return Schedules.fromConfig(name, options, 0.1, TOTAL, PER_EPOCH);
    }

    private static String error(String name, Map<String, Object> options) {
        return assertThrows(IllegalArgumentException.class, () -> build(name, options)).getMessage();
    }

    @Test
    void buildsEachScheduleFromTheBaseRateAndTheTrainingPlan() {
        assertEquals(new ConstantLr(0.1), build("constant", Map.of()));
        assertEquals(new StepLr(0.1, 30, 0.1), build("step", Map.of("step_size", 30)));
        assertEquals(new ExponentialLr(0.1, 0.99), build("exponential", Map.of("gamma", 0.99)));
        assertEquals(new CosineLr(0.1, TOTAL, 0), build("cosine", null));
        assertEquals(new WarmRestartsLr(0.1, 100, 2, 1e-4),
                build("sgdr", Map.of("t_0", 100, "t_mult", 2, "eta_min", 1e-4)));
        assertEquals(new OneCycleLr(0.1, TOTAL, 0.3, 25, 1e4), build("one_cycle", Map.of()));
        assertEquals(new OneCycleLr(0.5, TOTAL, 0.25, 10, 100),
                build("one_cycle", Map.of("max_lr", 0.5, "pct_start", 0.25, "div_factor", 10,
                        "final_div_factor", 100)));
    }

    @Test
    void epochOptionsAreConvertedToSteps() {
        // 50 steps per epoch: 2 epochs = 100 steps
        assertEquals(new StepLr(0.1, 100, 0.5), build("step", Map.of("step_size_epochs", 2, "gamma", 0.5)));
        assertEquals(new WarmRestartsLr(0.1, 100, 1, 0), build("sgdr", Map.of("t_0_epochs", 2)));
        assertEquals(new LinearWarmup(new CosineLr(0.1, TOTAL, 0), 50),
                build("cosine", Map.of("warmup_epochs", 1)));
    }

    @Test
    void gammaPerEpochIsSpreadOverTheEpochsSteps() {
        // γ_epoch = 0.81 with 50 steps per epoch: after one epoch (step 50) lr = 0.1·0.81 = 0.081
        Schedule s = build("exponential", Map.of("gamma_per_epoch", 0.81));
        assertEquals(0.081, s.lr(50), 1e-12);
        assertEquals(0.1 * 0.81 * 0.81, s.lr(100), 1e-12);
    }

    @Test
    void warmupWrapsAnySchedule() {
        assertEquals(new LinearWarmup(new StepLr(0.1, 30, 0.1), 10),
                build("step", Map.of("step_size", 30, "warmup_steps", 10)));
        assertEquals(new ConstantLr(0.1), build("constant", Map.of("warmup_steps", 0)));
    }

    @Test
    void rejectsUnknownNamesAndOptionsNamingThem() {
        assertEquals("unknown schedule 'linear'; known: constant, step, exponential, cosine, sgdr, one_cycle",
                error("linear", Map.of()));
        assertEquals("unknown option T_max for cosine; known options: eta_min, warmup_steps, warmup_epochs",
                error("cosine", Map.of("T_max", 10)));
    }

    @Test
    void rejectsMissingConflictingAndBadValuesNamingThem() {
        assertEquals("step needs step_size or step_size_epochs", error("step", Map.of()));
        assertEquals("sgdr: give t_0 or t_0_epochs, not both", error("sgdr", Map.of("t_0", 5, "t_0_epochs", 1)));
        assertEquals("exponential needs exactly one of gamma (per step) or gamma_per_epoch, got neither",
                error("exponential", Map.of()));
        assertEquals("step.step_size must be an integer, got '2.5'", error("step", Map.of("step_size", 2.5)));
        assertEquals("cosine.warmup_steps must be >= 0, got -3", error("cosine", Map.of("warmup_steps", -3)));
        assertEquals("cosine.eta_min must be >= 0 and finite, got -1.0", error("cosine", Map.of("eta_min", -1)));
        assertEquals("sgdr.t_mult must be >= 1, got 0", error("sgdr", Map.of("t_0", 5, "t_mult", 0)));
        assertEquals("exponential.gamma_per_epoch must be in (0, 1], got 2.0",
                error("exponential", Map.of("gamma_per_epoch", 2)));
    }
}
