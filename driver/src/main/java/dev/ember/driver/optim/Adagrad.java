// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * Adagrad (Duchi, Hazan &amp; Singer, JMLR 2011), in PyTorch's form with initial accumulator 0.
 * For step t = 1, 2, ... and every index i:
 * <pre>
 *   g_i ← g_i + λ·θ_i                   (L2 weight decay, skipped when λ = 0)
 *   η_t = η / (1 + (t − 1)·δ)           (δ = lr_decay)
 *   s_i ← s_i + g_i²
 *   θ_i ← θ_i − η_t · g_i / (√s_i + ε)  (ε added to the root, outside it)
 * </pre>
 * State layout: one float[n], the running sum of squares s.
 *
 * @param lr base learning rate η (> 0)
 * @param lrDecay δ (>= 0)
 * @param eps ε (> 0)
 * @param weightDecay L2 coefficient λ (>= 0)
 */
public record Adagrad(double lr, double lrDecay, double eps, double weightDecay) implements Optimizer {
    public Adagrad {
        Require.positive("adagrad.lr", lr);
        Require.nonNegative("adagrad.lr_decay", lrDecay);
        Require.positive("adagrad.eps", eps);
        Require.nonNegative("adagrad.weight_decay", weightDecay);
    }

    /** lr 1e-2, no lr decay, ε 1e-10, no weight decay (PyTorch's defaults). */
    public static Adagrad defaults() {
        return new Adagrad(1e-2, 0, 1e-10, 0);
    }

    @Override
    public int stateSize(int n) {
        return n;
    }

    @Override
    public void step(float[] theta, float[] grad, float[] state, long t, float lr) {
        Require.stepArguments(this, theta, grad, state, t, lr);
        float wd = (float) weightDecay;
        float epsilon = (float) eps;
        float stepLr = (float) (lr / (1 + (t - 1) * lrDecay));
        for (int i = 0; i < theta.length; i++) {
            float g = wd == 0 ? grad[i] : grad[i] + wd * theta[i];
            float s = state[i] + g * g;
            state[i] = s;
            theta[i] -= stepLr * g / ((float) Math.sqrt(s) + epsilon);
        }
    }
}
