// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Activation;

/** {@code y = x} for {@code x > 0}, else {@code slope·x} (PyTorch's default slope is 0.01). */
public record LeakyRelu(float slope) implements ActivationLayer {
    public LeakyRelu {
        if (!Float.isFinite(slope) || slope < 0) {
            throw new IllegalArgumentException("leaky_relu slope must be finite and >= 0, got " + slope);
        }
    }

    @Override
    public Activation activation() {
        return Activation.LEAKY_RELU;
    }

    @Override
    public float alpha() {
        return slope;
    }
}
