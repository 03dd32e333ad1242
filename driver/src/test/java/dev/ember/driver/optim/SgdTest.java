// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SgdTest {
    private static final float TOL = 1e-6f;

    @Test
    void plainStepIsThetaMinusLrTimesGradient() {
        // θ = (1, −2), g = (0.5, −4), η = 0.1 → (1 − 0.05, −2 + 0.4) = (0.95, −1.6)
        float[] theta = {1f, -2f};
        new Sgd(0.1, 0).step(theta, new float[] {0.5f, -4f}, new float[0], 1, 0.1f);
        assertArrayEquals(new float[] {0.95f, -1.6f}, theta, TOL);
    }

    @Test
    void weightDecayIsAddedToTheGradient() {
        // θ = 2, g = 0.5, λ = 0.1: g' = 0.5 + 0.2 = 0.7; θ = 2 − 0.1·0.7 = 1.93
        float[] theta = {2f};
        new Sgd(0.1, 0.1).step(theta, new float[] {0.5f}, new float[0], 1, 0.1f);
        assertEquals(1.93f, theta[0], TOL);
    }

    @Test
    void heavyBallMomentumMatchesHandComputation() {
        // μ = 0.9, η = 0.1, θ = (1, 0), gradients (1, −1), (1, −1), (0.5, −0.5):
        //   t=1: v = 1           θ = 1 − 0.1·1 = 0.9
        //   t=2: v = 0.9 + 1 = 1.9      θ = 0.9 − 0.19 = 0.71
        //   t=3: v = 1.71 + 0.5 = 2.21  θ = 0.71 − 0.221 = 0.489   (second coordinate mirrored)
        Momentum sgd = new Momentum(0.1, 0.9, false, 0);
        float[] theta = {1f, 0f};
        float[] v = new float[sgd.stateSize(2)];
        sgd.step(theta, new float[] {1f, -1f}, v, 1, 0.1f);
        assertArrayEquals(new float[] {0.9f, 0.1f}, theta, TOL);
        sgd.step(theta, new float[] {1f, -1f}, v, 2, 0.1f);
        assertArrayEquals(new float[] {0.71f, 0.29f}, theta, TOL);
        sgd.step(theta, new float[] {0.5f, -0.5f}, v, 3, 0.1f);
        assertArrayEquals(new float[] {0.489f, 0.511f}, theta, TOL);
        assertArrayEquals(new float[] {2.21f, -2.21f}, v, TOL);
    }

    @Test
    void nesterovAppliesGradientPlusMuTimesVelocity() {
        // μ = 0.9, η = 0.1, θ = 1, gradients 1, 1, 0.5; d = g + μ·v after v is updated:
        //   t=1: v = 1;    d = 1 + 0.9·1 = 1.9        θ = 1 − 0.19 = 0.81
        //   t=2: v = 1.9;  d = 1 + 0.9·1.9 = 2.71     θ = 0.81 − 0.271 = 0.539
        //   t=3: v = 2.21; d = 0.5 + 0.9·2.21 = 2.489 θ = 0.539 − 0.2489 = 0.2901
        Momentum sgd = new Momentum(0.1, 0.9, true, 0);
        float[] theta = {1f};
        float[] v = new float[1];
        sgd.step(theta, new float[] {1f}, v, 1, 0.1f);
        assertEquals(0.81f, theta[0], TOL);
        sgd.step(theta, new float[] {1f}, v, 2, 0.1f);
        assertEquals(0.539f, theta[0], TOL);
        sgd.step(theta, new float[] {0.5f}, v, 3, 0.1f);
        assertEquals(0.2901f, theta[0], TOL);
        assertEquals(2.21f, v[0], TOL);
    }

    @Test
    void momentumWeightDecayEntersTheVelocity() {
        // θ = 2, g = 0.5, λ = 0.1, μ = 0.9: g' = 0.7, v = 0.7, θ = 2 − 0.1·0.7 = 1.93;
        // t=2 with g = 0.5: g' = 0.5 + 0.193 = 0.693, v = 0.63 + 0.693 = 1.323, θ = 1.93 − 0.1323 = 1.7977
        Momentum sgd = new Momentum(0.1, 0.9, false, 0.1);
        float[] theta = {2f};
        float[] v = new float[1];
        sgd.step(theta, new float[] {0.5f}, v, 1, 0.1f);
        assertEquals(1.93f, theta[0], TOL);
        sgd.step(theta, new float[] {0.5f}, v, 2, 0.1f);
        assertEquals(1.7977f, theta[0], TOL);
    }
}
