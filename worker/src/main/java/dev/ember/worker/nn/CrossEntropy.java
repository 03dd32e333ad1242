// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.LossFunction;

/**
 * Cross-entropy over logits, fused with softmax: {@code ℓ = log Σₖ e^{z_k} − z_y} (stable log-sum-exp),
 * {@code ∂ℓ/∂z = softmax(z) − onehot(y)} ({@link LossFunction#CROSS_ENTROPY}). Labels are class
 * indices; prediction applies softmax. PyTorch: {@code nn.CrossEntropyLoss} on raw logits (no
 * softmax layer before it).
 */
public record CrossEntropy() implements Loss {
    @Override
    public LossFunction function() {
        return LossFunction.CROSS_ENTROPY;
    }

    @Override
    public OutputTransform outputTransform() {
        return OutputTransform.SOFTMAX;
    }

    @Override
    public boolean classLabels() {
        return true;
    }

    @Override
    public int minOutputWidth() {
        return 2;
    }
}
