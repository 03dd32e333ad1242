// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Activation;

/** {@code y = x·Φ(x)} with the exact normal CDF. */
public record Gelu() implements ActivationLayer {
    @Override
    public Activation activation() {
        return Activation.GELU;
    }
}
