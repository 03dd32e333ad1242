// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Activation;

/** {@code y = 1 / (1 + e⁻ˣ)}. */
public record Sigmoid() implements ActivationLayer {
    @Override
    public Activation activation() {
        return Activation.SIGMOID;
    }
}
