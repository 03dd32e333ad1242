// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Activation;

/** {@code y = x}: a no-op stage, useful to name a linear output explicitly. */
public record Identity() implements ActivationLayer {
    @Override
    public Activation activation() {
        return Activation.IDENTITY;
    }
}
