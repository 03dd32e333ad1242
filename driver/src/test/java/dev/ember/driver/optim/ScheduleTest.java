// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final double TOL = 1e-12;

    @Test
    void constantIsTheBaseRate() {
        Schedule s = new ConstantLr(0.1);
        assertEquals(0.1, s.lr(0), 0);
        assertEquals(0.1, s.lr(1_000_000), 0);
    }

    @Test
    void stepDecayDropsByGammaEveryStepSize() {
        // η = 1, step_size 3, γ = 0.5: steps 0..2 → 1, 3..5 → 0.5, 6 → 0.25
        Schedule s = new StepLr(1, 3, 0.5);
        assertEquals(1, s.lr(2), TOL);
        assertEquals(0.5, s.lr(3), TOL);
        assertEquals(0.5, s.lr(5), TOL);
        assertEquals(0.25, s.lr(6), TOL);
    }

    @Test
    void exponentialDecaysEveryStep() {
        // η = 0.1, γ = 0.9: lr(2) = 0.1·0.81 = 0.081
        Schedule s = new ExponentialLr(0.1, 0.9);
        assertEquals(0.1, s.lr(0), TOL);
        assertEquals(0.081, s.lr(2), TOL);
    }

    @Test
    void cosineAtStartMiddleQuarterAndEnd() {
        // η = 0.1, η_min = 0.001, T = 100:
        //   lr(0)   = 0.1
        //   lr(25)  = 0.001 + 0.099·(1 + cos(π/4))/2 = 0.001 + 0.099·0.8535534 = 0.0855018
        //   lr(50)  = 0.001 + 0.099·(1 + 0)/2 = 0.0505
        //   lr(100) = 0.001, and held there after T
        Schedule s = new CosineLr(0.1, 100, 0.001);
        assertEquals(0.1, s.lr(0), TOL);
        assertEquals(0.0855017857, s.lr(25), 1e-9);
        assertEquals(0.0505, s.lr(50), TOL);
        assertEquals(0.001, s.lr(100), TOL);
        assertEquals(0.001, s.lr(150), TOL);
    }

    @Test
    void warmRestartsReturnToBaseAtEachRestartWithGrowingCycles() {
        // η = 0.1, η_min = 0, T₀ = 10, T_mult = 2: cycles [0,10), [10,30), [30,70), restarts at 10, 30, 70
        //   lr(9)  = 0.1·(1 + cos(0.9π))/2  = 0.0024472   (end of cycle 0)
        //   lr(20) = 0.1·(1 + cos(π/2))/2   = 0.05        (middle of cycle 1: T_cur 10 of 20)
        //   lr(29) = 0.1·(1 + cos(0.95π))/2 = 0.0006156   (end of cycle 1)
        //   lr(50) = middle of cycle 2 (T_cur 20 of 40) = 0.05
        Schedule s = new WarmRestartsLr(0.1, 10, 2, 0);
        assertEquals(0.1, s.lr(0), TOL);
        assertEquals(0.0024471742, s.lr(9), 1e-9);
        assertEquals(0.1, s.lr(10), TOL);
        assertEquals(0.05, s.lr(20), TOL);
        assertEquals(0.0006155830, s.lr(29), 1e-9);
        assertEquals(0.1, s.lr(30), TOL);
        assertEquals(0.05, s.lr(50), TOL);
        assertEquals(0.1, s.lr(70), TOL);
    }

    @Test
    void warmRestartsWithConstantCycleLength() {
        // T₀ = 10, T_mult = 1, η_min = 0.01: restarts at 10, 20, ...; lr(15) = 0.01 + 0.09/2 = 0.055
        Schedule s = new WarmRestartsLr(0.1, 10, 1, 0.01);
        assertEquals(0.1, s.lr(10), TOL);
        assertEquals(0.055, s.lr(15), TOL);
        assertEquals(0.1, s.lr(1_000_000_000_000L), TOL);
    }

    @Test
    void oneCycleAtItsPhaseBoundaries() {
        // maxLr 1, T = 100, pct 0.3, div 25, final div 1e4: η₀ = 1/25 = 0.04, η_end = 0.04/1e4 = 4e-6
        // phase 1 ends at e₁ = 0.3·100 − 1 = 29, phase 2 at e₂ = 99.
        //   lr(0) = 0.04;  lr(29) = 1;  lr(99) = 4e-6
        //   lr(64): fraction (64 − 29)/(99 − 29) = 0.5 → 4e-6 + (1 − 4e-6)/2 = 0.500002
        OneCycleLr s = OneCycleLr.defaults(1.0, 100);
        assertEquals(0.04, s.lr(0), TOL);
        assertEquals(1.0, s.lr(29), TOL);
        assertEquals(0.500002, s.lr(64), TOL);
        assertEquals(4e-6, s.lr(99), TOL);
        assertEquals(4e-6, s.lr(120), TOL);
        assertTrue(s.lr(28) < s.lr(29) && s.lr(30) < s.lr(29), "peak at the end of phase 1");
    }

    @Test
    void oneCycleMiddleOfTheWarmPhase() {
        // T = 70: e₁ = 0.3·70 − 1 = 20; lr(10): fraction 0.5 → 1 + (0.04 − 1)/2 = 0.52
        assertEquals(0.52, OneCycleLr.defaults(1.0, 70).lr(10), TOL);
    }

    @Test
    void warmupRampsLinearlyIntoTheInnerScheduleOnTheSameClock() {
        // W = 4 over a constant 0.1: lr(t) = 0.1·(t + 1)/4 → 0.025, 0.05, 0.075, 0.1, then 0.1
        Schedule s = new LinearWarmup(new ConstantLr(0.1), 4);
        assertEquals(0.025, s.lr(0), TOL);
        assertEquals(0.05, s.lr(1), TOL);
        assertEquals(0.075, s.lr(2), TOL);
        assertEquals(0.1, s.lr(3), TOL);
        assertEquals(0.1, s.lr(4), TOL);
        // Over a cosine (η 0.1, T 100, η_min 0): lr(1) = cosine(1)·2/4; after W it is the cosine itself.
        Schedule cosine = new CosineLr(0.1, 100, 0);
        Schedule warm = new LinearWarmup(cosine, 4);
        assertEquals(0.1 * (1 + Math.cos(Math.PI / 100)) / 2 * 0.5, warm.lr(1), TOL);
        assertEquals(0.05, warm.lr(50), TOL);
    }

    @Test
    void rejectsNegativeStepsAndBadHyperParameters() {
        assertThrows(IllegalArgumentException.class, () -> new ConstantLr(0.1).lr(-1));
        var gamma = assertThrows(IllegalArgumentException.class, () -> new StepLr(0.1, 10, 1.5));
        assertEquals("step.gamma must be in (0, 1], got 1.5", gamma.getMessage());
        var t0 = assertThrows(IllegalArgumentException.class, () -> new WarmRestartsLr(0.1, 0, 1, 0));
        assertEquals("sgdr.t_0 must be >= 1, got 0", t0.getMessage());
        var pct = assertThrows(IllegalArgumentException.class, () -> new OneCycleLr(1, 100, 1.2, 25, 1e4));
        assertEquals("one_cycle.pct_start must be in (0, 1), got 1.2", pct.getMessage());
        var tooShort = assertThrows(IllegalArgumentException.class, () -> OneCycleLr.defaults(1, 3));
        assertTrue(tooShort.getMessage().contains("leaves a phase without steps"), tooShort.getMessage());
        var warm = assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(new ConstantLr(1), 0));
        assertEquals("warmup_steps must be >= 1, got 0", warm.getMessage());
    }
}
