// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdagradTest {
    private static final double TOL = 1e-6;

    @Test
    void accumulatesSquaresFromZero() {
        // η = 0.1, θ = 1, gradients 3 then 4:
        //   t=1: s = 9,  √s = 3   θ = 1 − 0.1·3/3 = 0.9
        //   t=2: s = 25, √s = 5   θ = 0.9 − 0.1·4/5 = 0.82
        Adagrad adagrad = new Adagrad(0.1, 0, 1e-10, 0);
        float[] theta = {1f};
        float[] s = new float[adagrad.stateSize(1)];
        adagrad.step(theta, new float[] {3f}, s, 1, 0.1f);
        assertEquals(0.9, theta[0], TOL);
        adagrad.step(theta, new float[] {4f}, s, 2, 0.1f);
        assertEquals(0.82, theta[0], TOL);
        assertEquals(25, s[0], 0);
    }

    @Test
    void lrDecayDividesByOnePlusStepsSoFarTimesDecay() {
        // δ = 0.5: η₁ = 0.1, η₂ = 0.1/(1 + 1·0.5) = 0.0666667
        //   θ = 0.9 − 0.0666667·4/5 = 0.8466667
        Adagrad adagrad = new Adagrad(0.1, 0.5, 1e-10, 0);
        float[] theta = {1f};
        float[] s = new float[1];
        adagrad.step(theta, new float[] {3f}, s, 1, 0.1f);
        adagrad.step(theta, new float[] {4f}, s, 2, 0.1f);
        assertEquals(0.8466667, theta[0], TOL);
    }

    @Test
    void weightDecayIsAddedToTheGradient() {
        // θ = 1, g = 2, λ = 1: g' = 3, s = 9, θ = 1 − 0.1·3/3 = 0.9
        Adagrad adagrad = new Adagrad(0.1, 0, 1e-10, 1);
        float[] theta = {1f};
        float[] s = new float[1];
        adagrad.step(theta, new float[] {2f}, s, 1, 0.1f);
        assertEquals(0.9, theta[0], TOL);
        assertEquals(9, s[0], 0);
    }
}
