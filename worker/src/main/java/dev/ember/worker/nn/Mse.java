// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Backend;
import dev.ember.tensor.Tensor;

/**
 * Mean squared error, {@code ℓ = mean_c (ŷ_c − y_c)²}; labels are target vectors.
 */
public record Mse() implements Loss {
    @Override
    public double evaluate(Backend backend, Tensor output, Tensor labels, Tensor weights, Tensor grad) {
        return backend.mseLoss(output, labels, weights, grad);
    }
}
