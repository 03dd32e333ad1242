// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Backend;
import dev.ember.tensor.Tensor;

/**
 * Negative log-likelihood over log-probabilities (after a {@link LogSoftmax} layer):
 * {@code ℓ = −logp_y}. Labels are class indices; prediction applies exp.
 */
public record Nll() implements Loss {
    @Override
    public double evaluate(Backend backend, Tensor output, Tensor labels, Tensor weights, Tensor ones, Tensor grad) {
        return backend.nllLoss(output, labels, weights, grad);
    }

    @Override
    public OutputTransform outputTransform() {
        return OutputTransform.EXP;
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
