// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * AdamW (Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization", arXiv:1711.05101), in
 * PyTorch's form: the weight decay shrinks θ directly, scaled by this step's learning rate, and
 * then the plain {@link Adam} update follows with no L2 term in the gradient:
 * <pre>
 *   θ_i ← θ_i · (1 − η·λ)
 *   m_i ← β₁·m_i + (1 − β₁)·g_i
 *   v_i ← β₂·v_i + (1 − β₂)·g_i²
 *   θ_i ← θ_i − η · m̂_i / (√v̂_i + ε),   m̂_i = m_i / (1 − β₁ᵗ),  v̂_i = v_i / (1 − β₂ᵗ)
 * </pre>
 * ε is added to √v̂, as in {@link Adam}. State layout: one float[2n]; m in [0, n), v in [n, 2n).
 *
 * @param lr base learning rate η (> 0)
 * @param beta1 β₁ in [0, 1)
 * @param beta2 β₂ in [0, 1)
 * @param eps ε (> 0)
 * @param weightDecay decoupled decay λ (>= 0; PyTorch's default is 0.01)
 */
public record AdamW(double lr, double beta1, double beta2, double eps, double weightDecay)
        implements Optimizer {
    public AdamW {
        Require.positive("adamw.lr", lr);
        AdamKernel.checkBetas("adamw", beta1, beta2, eps);
        Require.nonNegative("adamw.weight_decay", weightDecay);
    }

    /** lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8, weight decay 0.01 (PyTorch's defaults). */
    public static AdamW defaults() {
        return new AdamW(1e-3, 0.9, 0.999, 1e-8, 0.01);
    }

    @Override
    public int stateSize(int n) {
        return Math.multiplyExact(2, n);
    }

    @Override
    public void step(float[] theta, float[] grad, float[] state, long t, float lr) {
        Require.stepArguments(this, theta, grad, state, t, lr);
        float shrink = (float) (1 - (double) lr * weightDecay);
        AdamKernel.update(theta, grad, state, t, lr, beta1, beta2, eps, 0, shrink);
    }
}
