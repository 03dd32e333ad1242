// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * RMSProp (Hinton, Coursera lecture 6e), in PyTorch's non-centred form. For every index i:
 * <pre>
 *   g_i ← g_i + λ·θ_i                   (L2 weight decay, skipped when λ = 0)
 *   s_i ← α·s_i + (1 − α)·g_i²          (s starts at 0)
 *   a_i ← √s_i + ε                      (ε added to the root, outside it)
 *   with momentum μ > 0:  b_i ← μ·b_i + g_i / a_i;   θ_i ← θ_i − η·b_i
 *   without:              θ_i ← θ_i − η·g_i / a_i
 * </pre>
 * State layout: float[n] holding s, or float[2n] with s in [0, n) and b in [n, 2n) when μ > 0.
 *
 * @param lr base learning rate η (> 0)
 * @param alpha smoothing constant α in [0, 1)
 * @param eps ε (> 0)
 * @param momentum μ in [0, 1)
 * @param weightDecay L2 coefficient λ (>= 0)
 */
public record RmsProp(double lr, double alpha, double eps, double momentum, double weightDecay)
        implements Optimizer {
    public RmsProp {
        Require.positive("rmsprop.lr", lr);
        Require.unitInterval("rmsprop.alpha", alpha);
        Require.positive("rmsprop.eps", eps);
        Require.unitInterval("rmsprop.momentum", momentum);
        Require.nonNegative("rmsprop.weight_decay", weightDecay);
    }

    /** lr 1e-2, α 0.99, ε 1e-8, no momentum, no weight decay (PyTorch's defaults). */
    public static RmsProp defaults() {
        return new RmsProp(1e-2, 0.99, 1e-8, 0, 0);
    }

    @Override
    public int stateSize(int n) {
        return momentum > 0 ? Math.multiplyExact(2, n) : n;
    }

    @Override
    public void step(float[] theta, float[] grad, float[] state, long t, float lr) {
        Require.stepArguments(this, theta, grad, state, t, lr);
        int n = theta.length;
        float wd = (float) weightDecay;
        float a = (float) alpha;
        float oneMinusA = (float) (1 - alpha);
        float epsilon = (float) eps;
        float mu = (float) momentum;
        for (int i = 0; i < n; i++) {
            float g = wd == 0 ? grad[i] : grad[i] + wd * theta[i];
            float s = a * state[i] + oneMinusA * g * g;
            state[i] = s;
            float scaled = g / ((float) Math.sqrt(s) + epsilon);
            if (mu > 0) {
                float b = mu * state[n + i] + scaled;
                state[n + i] = b;
                theta[i] -= lr * b;
            } else {
                theta[i] -= lr * scaled;
            }
        }
    }
}
