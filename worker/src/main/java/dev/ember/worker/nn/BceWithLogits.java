// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.LossFunction;

/**
 * Binary cross-entropy over logits, fused with the sigmoid (stable):
 * {@code ℓ = mean_c (max(z, 0) − z·t + log(1 + e^{−|z|}))}, {@code ∂ℓ/∂z = (σ(z) − t) / cols}
 * ({@link LossFunction#BCE_WITH_LOGITS}). Labels are targets in [0, 1]; prediction applies the
 * sigmoid. PyTorch: {@code nn.BCEWithLogitsLoss}.
 */
public record BceWithLogits() implements Loss {
    @Override
    public LossFunction function() {
        return LossFunction.BCE_WITH_LOGITS;
    }

    @Override
    public OutputTransform outputTransform() {
        return OutputTransform.SIGMOID;
    }
}
