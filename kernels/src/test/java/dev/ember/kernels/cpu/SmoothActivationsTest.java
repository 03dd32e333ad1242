// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ember.tensor.Activation;
import dev.ember.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The vectorised σ, SiLU and tanh at the extremes, where exp overflows or underflows. */
class SmoothActivationsTest {
    private static final float[] X = {-1000f, -88.8f, -20f, -1f, -0f, 0f, 1e-8f, 1f, 20f, 88.8f, 1000f,
        Float.MAX_VALUE, -Float.MAX_VALUE, 3f, -3f, 0.5f, -0.5f};

    @Test
    void sigmoidSiluAndTanhStayFiniteAndExactAtTheTails() {
        for (Activation f : new Activation[] {Activation.SIGMOID, Activation.SILU, Activation.TANH}) {
            Tensor x = new Tensor(X.clone(), 0, 1, X.length);
            Tensor y = new Tensor(new float[X.length], 0, 1, X.length);
            Activations.forward(f, 0f, x, y);
            for (int i = 0; i < X.length; i++) {
                double v = X[i];
                double expected = switch (f) {
                    case TANH -> Math.tanh(v);
                    case SILU -> v * Activation.sigmoid(v);
                    default -> Activation.sigmoid(v);
                };
                assertEquals((float) expected, y.data()[i], 2e-7 * Math.max(1, Math.abs(expected)),
                        f + "(" + v + ")");
            }
        }
    }
}
