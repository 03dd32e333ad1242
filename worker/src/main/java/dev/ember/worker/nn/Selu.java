// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Activation;

/** {@code y = λ·x} for {@code x > 0}, else {@code λ·α·(eˣ − 1)}, with the self-normalising constants of {@link Activation}. */
public record Selu() implements ActivationLayer {
    @Override
    public Activation activation() {
        return Activation.SELU;
    }
}
