// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Activation;

/** {@code y = max(0, x)}; the derivative at 0 is taken as 0. */
public record Relu() implements ActivationLayer {
    @Override
    public Activation activation() {
        return Activation.RELU;
    }
}
