// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import static dev.ember.tensor.Activation.SELU_ALPHA;
import static dev.ember.tensor.Activation.SELU_LAMBDA;

import dev.ember.tensor.Activation;
import dev.ember.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Activation forward and backward with the formulas of {@link Activation}, transcendental parts
 * in double like the oracle (ReLU, the common case, is a vector max). Backward uses the forward
 * output {@code y} where that saves a transcendental (σ, tanh, ELU, SELU).
 */
final class Activations {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private Activations() {}

    static void forward(Activation f, float alpha, Tensor x, Tensor y) {
        float[] xs = x.data();
        float[] ys = y.data();
        int xo = x.offset();
        int yo = y.offset();
        int n = x.size();
        if (f == Activation.RELU) {
            relu(xs, xo, ys, yo, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            double v = xs[xo + i];
            ys[yo + i] = (float) switch (f) {
                case IDENTITY -> v;
                case RELU -> v > 0 ? v : 0;
                case LEAKY_RELU -> v > 0 ? v : alpha * v;
                case ELU -> v > 0 ? v : alpha * Math.expm1(v);
                case SIGMOID -> Activation.sigmoid(v);
                case TANH -> Math.tanh(v);
                case SELU -> v > 0 ? SELU_LAMBDA * v : SELU_LAMBDA * SELU_ALPHA * Math.expm1(v);
                case SILU -> v * Activation.sigmoid(v);
                case GELU -> v * Activation.normalCdf(v);
            };
        }
    }

    private static void relu(float[] xs, int xo, float[] ys, int yo, int n) {
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, xs, xo + i).max(zero).intoArray(ys, yo + i);
        }
        for (; i < n; i++) {
            ys[yo + i] = Math.max(xs[xo + i], 0f);
        }
    }

    static void backward(Activation f, float alpha, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        float[] xs = x.data();
        float[] ys = y.data();
        float[] gs = dy.data();
        float[] out = dx.data();
        int n = x.size();
        if (f == Activation.RELU || f == Activation.SIGMOID || f == Activation.TANH) {
            simpleBackward(f, x, y, dy, dx);
            return;
        }
        for (int i = 0; i < n; i++) {
            double v = xs[x.offset() + i];
            double fy = ys[y.offset() + i];
            double slope = switch (f) {
                case IDENTITY -> 1;
                case RELU -> v > 0 ? 1 : 0;
                case LEAKY_RELU -> v > 0 ? 1 : alpha;
                case ELU -> v > 0 ? 1 : fy + alpha;
                case SIGMOID -> fy * (1 - fy);
                case TANH -> 1 - fy * fy;
                case SELU -> v > 0 ? SELU_LAMBDA : fy + SELU_LAMBDA * SELU_ALPHA;
                case SILU -> siluSlope(v);
                case GELU -> Activation.normalCdf(v) + v * Math.exp(-0.5 * v * v) * INV_SQRT_2PI;
            };
            out[dx.offset() + i] = (float) (gs[dy.offset() + i] * slope);
        }
    }

    /** The common activations in float, one tight loop each (the generic loop dispatches per element). */
    private static void simpleBackward(Activation f, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        float[] xs = x.data();
        float[] ys = y.data();
        float[] gs = dy.data();
        float[] out = dx.data();
        int xo = x.offset();
        int yo = y.offset();
        int go = dy.offset();
        int oo = dx.offset();
        int n = x.size();
        if (f == Activation.RELU) {
            for (int i = 0; i < n; i++) {
                out[oo + i] = xs[xo + i] > 0 ? gs[go + i] : 0f;
            }
        } else if (f == Activation.SIGMOID) {
            for (int i = 0; i < n; i++) {
                float s = ys[yo + i];
                out[oo + i] = gs[go + i] * (s * (1 - s));
            }
        } else {
            for (int i = 0; i < n; i++) {
                float t = ys[yo + i];
                out[oo + i] = gs[go + i] * (1 - t * t);
            }
        }
    }

    private static double siluSlope(double v) {
        double s = Activation.sigmoid(v);
        return s * (1 + v * (1 - s));
    }
}
