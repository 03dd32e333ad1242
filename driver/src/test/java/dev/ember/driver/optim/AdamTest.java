// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdamTest {
    private static final double TOL = 1e-6;   // float32 arithmetic on values of order 1

    /** Scalar, θ₀ = 1, η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, gradients 0.5, −0.2, 0.1. */
    @Test
    void firstThreeStepsOnAScalarMatchHandComputation() {
        Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8, 0);
        float[] theta = {1f};
        float[] state = new float[adam.stateSize(1)];

        // t=1, g=0.5: m = 0.1·0.5 = 0.05; v = 0.001·0.25 = 0.00025
        //   m̂ = 0.05/(1−0.9) = 0.5; v̂ = 0.00025/(1−0.999) = 0.25; √v̂ = 0.5
        //   θ = 1 − 0.1·0.5/(0.5 + 1e-8) = 0.900000002
        adam.step(theta, new float[] {0.5f}, state, 1, 0.1f);
        assertEquals(0.05, state[0], TOL);
        assertEquals(0.00025, state[1], 1e-9);
        assertEquals(0.900000002, theta[0], TOL);

        // t=2, g=−0.2: m = 0.9·0.05 − 0.1·0.2 = 0.025; v = 0.999·0.00025 + 0.001·0.04 = 0.00028975
        //   m̂ = 0.025/(1−0.81) = 0.1315789; v̂ = 0.00028975/(1−0.998001) = 0.1449475; √v̂ = 0.3807197
        //   θ = 0.9 − 0.1·0.1315789/0.3807197 = 0.9 − 0.0345606 = 0.8654394
        adam.step(theta, new float[] {-0.2f}, state, 2, 0.1f);
        assertEquals(0.025, state[0], TOL);
        assertEquals(0.00028975, state[1], 1e-9);
        assertEquals(0.8654394, theta[0], TOL);

        // t=3, g=0.1: m = 0.9·0.025 + 0.1·0.1 = 0.0325; v = 0.999·0.00028975 + 0.001·0.01 = 0.00029946025
        //   m̂ = 0.0325/(1−0.729) = 0.1199262; v̂ = 0.00029946025/(1−0.997002999) = 0.0999200; √v̂ = 0.3161012
        //   θ = 0.8654394 − 0.1·0.1199262/0.3161012 = 0.8654394 − 0.0379392 = 0.8275002
        adam.step(theta, new float[] {0.1f}, state, 3, 0.1f);
        assertEquals(0.0325, state[0], TOL);
        assertEquals(0.8275002, theta[0], TOL);
    }

    @Test
    void epsIsAddedToTheBiasCorrectedRoot() {
        // ε = 0.1 makes the placement visible at t=1, g=0.5 (m̂ = 0.5, √v̂ = 0.5):
        //   ε on √v̂ (PyTorch):  0.1·0.5/(0.5 + 0.1) = 0.0833333 → θ = 0.9166667
        //   ε on √v instead:    0.1·√0.001/0.1 · 0.05/(√0.00025 + 0.1) = 0.0136530 → θ = 0.9863470
        Adam adam = new Adam(0.1, 0.9, 0.999, 0.1, 0);
        float[] theta = {1f};
        adam.step(theta, new float[] {0.5f}, new float[2], 1, 0.1f);
        assertEquals(0.9166667, theta[0], TOL);
    }

    @Test
    void coordinatesAreIndependentAndStateIsLaidOutAsMThenV() {
        // Two parameters; step 1 with |g| equal moves both by η·sign(g) (m̂/√v̂ = ±1).
        Adam adam = new Adam(0.01, 0.9, 0.999, 1e-8, 0);
        float[] theta = {1f, -1f};
        float[] state = new float[4];
        adam.step(theta, new float[] {2f, -2f}, state, 1, 0.01f);
        assertArrayEquals(new float[] {0.99f, -0.99f}, theta, 1e-6f);
        // m = 0.1·g = (0.2, −0.2); v = 0.001·g² = (0.004, 0.004)
        assertArrayEquals(new float[] {0.2f, -0.2f, 0.004f, 0.004f}, state, 1e-7f);
    }

    @Test
    void adamWeightDecayIsL2AddedToTheGradient() {
        // θ = 2, g = 0.5, λ = 0.5: g' = 0.5 + 0.5·2 = 1.5; step 1 moves by η·sign(g') = 0.1 → 1.9
        Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8, 0.5);
        float[] theta = {2f};
        adam.step(theta, new float[] {0.5f}, new float[2], 1, 0.1f);
        assertEquals(1.9, theta[0], TOL);
    }

    @Test
    void adamWDecaysTheParameterBeforeTheAdamUpdate() {
        // θ = 2, g = 0.5, η = 0.1, λ = 0.5: θ ← 2·(1 − 0.1·0.5) = 1.9; then Adam step 1 moves by
        // η·m̂/(√v̂+ε) = 0.1·0.5/0.5 = 0.1 → 1.8 (coupled L2 above gives 1.9: they differ).
        AdamW adamW = new AdamW(0.1, 0.9, 0.999, 1e-8, 0.5);
        float[] theta = {2f};
        float[] state = new float[2];
        adamW.step(theta, new float[] {0.5f}, state, 1, 0.1f);
        assertEquals(1.8, theta[0], TOL);
        // The moments see the raw gradient, not the decay: m = 0.05, v = 0.00025.
        assertEquals(0.05, state[0], TOL);
        assertEquals(0.00025, state[1], 1e-9);
    }

    @Test
    void adamWDecayUsesThisStepsScheduledRate() {
        // Zero gradient: the Adam part is 0/(0 + ε) = 0, so only θ ← θ·(1 − lr·λ) remains.
        // Scheduled lr 0.02 (not the base 0.1), λ = 0.5: θ = 2·(1 − 0.01) = 1.98
        AdamW adamW = new AdamW(0.1, 0.9, 0.999, 1e-8, 0.5);
        float[] theta = {2f};
        adamW.step(theta, new float[] {0f}, new float[2], 1, 0.02f);
        assertEquals(1.98, theta[0], TOL);
    }
}
