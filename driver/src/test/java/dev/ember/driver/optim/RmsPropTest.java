// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RmsPropTest {
    private static final double TOL = 1e-6;

    @Test
    void twoStepsWithoutMomentumMatchHandComputation() {
        // η = 0.01, α = 0.99, ε = 1e-8, θ = 1, gradients 1 then 2:
        //   t=1: s = 0.01·1 = 0.01;               √s = 0.1        θ = 1 − 0.01·1/0.1 = 0.9
        //   t=2: s = 0.99·0.01 + 0.01·4 = 0.0499;  √s = 0.2233831  θ = 0.9 − 0.01·2/0.2233831 = 0.8104677
        RmsProp rms = RmsProp.defaults();
        float[] theta = {1f};
        float[] state = new float[rms.stateSize(1)];
        rms.step(theta, new float[] {1f}, state, 1, 0.01f);
        assertEquals(0.9, theta[0], TOL);
        assertEquals(0.01, state[0], 1e-9);
        rms.step(theta, new float[] {2f}, state, 2, 0.01f);
        assertEquals(0.0499, state[0], 1e-8);
        assertEquals(0.8104677, theta[0], TOL);
    }

    @Test
    void momentumAccumulatesTheScaledGradient() {
        // As above with μ = 0.5: b = g/(√s + ε)
        //   t=1: b = 1/0.1 = 10                          θ = 1 − 0.01·10 = 0.9
        //   t=2: b = 0.5·10 + 2/0.2233831 = 13.9532296   θ = 0.9 − 0.1395323 = 0.7604677
        RmsProp rms = new RmsProp(0.01, 0.99, 1e-8, 0.5, 0);
        float[] theta = {1f};
        float[] state = new float[rms.stateSize(1)];
        assertEquals(2, state.length);
        rms.step(theta, new float[] {1f}, state, 1, 0.01f);
        assertEquals(0.9, theta[0], TOL);
        rms.step(theta, new float[] {2f}, state, 2, 0.01f);
        assertEquals(13.9532296, state[1], 1e-4);
        assertEquals(0.7604677, theta[0], TOL);
    }

    @Test
    void epsIsAddedOutsideTheRoot() {
        // ε = 0.1, g = 1: s = 0.01, a = √0.01 + 0.1 = 0.2 (ε inside the root would give √0.11 = 0.33)
        //   θ = 1 − 0.01·1/0.2 = 0.95
        RmsProp rms = new RmsProp(0.01, 0.99, 0.1, 0, 0);
        float[] theta = {1f};
        rms.step(theta, new float[] {1f}, new float[1], 1, 0.01f);
        assertEquals(0.95, theta[0], TOL);
    }
}
