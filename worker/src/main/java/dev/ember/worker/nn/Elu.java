// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Activation;

/** {@code y = x} for {@code x > 0}, else {@code alpha·(eˣ − 1)} (PyTorch's default alpha is 1). */
public record Elu(float alpha) implements ActivationLayer {
    public Elu {
        if (!Float.isFinite(alpha) || alpha < 0) {
            throw new IllegalArgumentException("elu alpha must be finite and >= 0, got " + alpha);
        }
    }

    @Override
    public Activation activation() {
        return Activation.ELU;
    }
}
