// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Activation;

/** {@code y = x·σ(x)}, also called Swish (JSON type {@code silu} or {@code swish}). */
public record Silu() implements ActivationLayer {
    @Override
    public Activation activation() {
        return Activation.SILU;
    }
}
