// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * SGD with heavy-ball or Nesterov momentum, in PyTorch's form (dampening 0). For every index i:
 * <pre>
 *   g_i ← g_i + λ·θ_i          (L2 weight decay, skipped when λ = 0)
 *   v_i ← μ·v_i + g_i          (v starts at 0, so the first step gives v = g)
 *   d_i ← g_i + μ·v_i   if nesterov,   else  d_i ← v_i
 *   θ_i ← θ_i − η·d_i
 * </pre>
 * Note that the learning rate multiplies the velocity when it is applied, not when it is
 * accumulated, so a schedule that changes η rescales the whole velocity (as in PyTorch).
 * State layout: one float[n], the velocity v.
 *
 * @param lr base learning rate η (> 0)
 * @param momentum μ in (0, 1); use {@link Sgd} for μ = 0
 * @param nesterov whether to apply the Nesterov look-ahead
 * @param weightDecay L2 coefficient λ (>= 0)
 */
public record Momentum(double lr, double momentum, boolean nesterov, double weightDecay)
        implements Optimizer {
    public Momentum {
        Require.positive("sgd.lr", lr);
        if (!(momentum > 0 && momentum < 1)) {
            throw new IllegalArgumentException("sgd.momentum must be in (0, 1) here (use plain sgd for 0), got "
                    + momentum);
        }
        Require.nonNegative("sgd.weight_decay", weightDecay);
    }

    @Override
    public int stateSize(int n) {
        return n;
    }

    @Override
    public void step(float[] theta, float[] grad, float[] state, long t, float lr) {
        Require.stepArguments(this, theta, grad, state, t, lr);
        float wd = (float) weightDecay;
        float mu = (float) momentum;
        for (int i = 0; i < theta.length; i++) {
            float g = wd == 0 ? grad[i] : grad[i] + wd * theta[i];
            float v = mu * state[i] + g;
            state[i] = v;
            float d = nesterov ? g + mu * v : v;
            theta[i] -= lr * d;
        }
    }
}
