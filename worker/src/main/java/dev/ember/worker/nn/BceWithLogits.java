// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Backend;
import dev.ember.tensor.Tensor;

/**
 * Binary cross-entropy over logits, fused with the sigmoid (stable):
 * {@code ℓ = mean_c (max(z, 0) − z·t + log(1 + e^{−|z|}))}, {@code ∂ℓ/∂z = (σ(z) − t) / cols}.
 * Labels are targets in [0, 1]; prediction applies the sigmoid.
 */
public record BceWithLogits() implements Loss {
    @Override
    public double evaluate(Backend backend, Tensor output, Tensor labels, Tensor weights, Tensor grad) {
        return backend.sigmoidBinaryCrossEntropy(output, labels, weights, grad);
    }

    @Override
    public OutputTransform outputTransform() {
        return OutputTransform.SIGMOID;
    }
}
