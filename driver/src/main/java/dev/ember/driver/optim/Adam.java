// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", arXiv:1412.6980), in PyTorch's
 * form. For step t = 1, 2, ... and every index i:
 * <pre>
 *   g_i ← g_i + λ·θ_i                      (L2 weight decay, coupled; skipped when λ = 0)
 *   m_i ← β₁·m_i + (1 − β₁)·g_i
 *   v_i ← β₂·v_i + (1 − β₂)·g_i²
 *   θ_i ← θ_i − η · m̂_i / (√v̂_i + ε),   m̂_i = m_i / (1 − β₁ᵗ),  v̂_i = v_i / (1 − β₂ᵗ)
 * </pre>
 * ε is added to √v̂ (the bias-corrected root), not to √v: this matters for small t. Computed as
 * {@code (η/(1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)}, the scalars once per step in double.
 * For decoupled weight decay use {@link AdamW}.
 * State layout: one float[2n]; m in [0, n), v in [n, 2n).
 *
 * @param lr base learning rate η (> 0)
 * @param beta1 β₁ in [0, 1)
 * @param beta2 β₂ in [0, 1)
 * @param eps ε (> 0)
 * @param weightDecay L2 coefficient λ (>= 0), added to the gradient
 */
public record Adam(double lr, double beta1, double beta2, double eps, double weightDecay)
        implements Optimizer {
    public Adam {
        Require.positive("adam.lr", lr);
        AdamKernel.checkBetas("adam", beta1, beta2, eps);
        Require.nonNegative("adam.weight_decay", weightDecay);
    }

    /** lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8, no weight decay (PyTorch's defaults). */
    public static Adam defaults() {
        return new Adam(1e-3, 0.9, 0.999, 1e-8, 0);
    }

    @Override
    public int stateSize(int n) {
        return Math.multiplyExact(2, n);
    }

    @Override
    public void step(float[] theta, float[] grad, float[] state, long t, float lr) {
        Require.stepArguments(this, theta, grad, state, t, lr);
        AdamKernel.update(theta, grad, state, t, lr, beta1, beta2, eps, weightDecay, 1f);
    }
}
