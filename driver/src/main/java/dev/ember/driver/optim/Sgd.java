// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * Plain stochastic gradient descent. For every index i:
 * <pre>
 *   g_i ← g_i + λ·θ_i          (L2 weight decay λ added to the gradient, skipped when λ = 0)
 *   θ_i ← θ_i − η·g_i
 * </pre>
 * No state. For momentum and Nesterov see {@link Momentum}.
 *
 * @param lr base learning rate η (> 0)
 * @param weightDecay L2 coefficient λ (>= 0)
 */
public record Sgd(double lr, double weightDecay) implements Optimizer {
    public Sgd {
        Require.positive("sgd.lr", lr);
        Require.nonNegative("sgd.weight_decay", weightDecay);
    }

    /** lr 1e-3, no weight decay. */
    public static Sgd defaults() {
        return new Sgd(1e-3, 0);
    }

    @Override
    public int stateSize(int n) {
        return 0;
    }

    @Override
    public void step(float[] theta, float[] grad, float[] state, long t, float lr) {
        Require.stepArguments(this, theta, grad, state, t, lr);
        float wd = (float) weightDecay;
        for (int i = 0; i < theta.length; i++) {
            float g = wd == 0 ? grad[i] : grad[i] + wd * theta[i];
            theta[i] -= lr * g;
        }
    }
}
