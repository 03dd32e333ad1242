// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Activation;

/** {@code y = tanh x}. */
public record Tanh() implements ActivationLayer {
    @Override
    public Activation activation() {
        return Activation.TANH;
    }
}
