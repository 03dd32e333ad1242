// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Backend;
import dev.ember.tensor.Tensor;

/**
 * Mean absolute error, {@code ℓ = mean_c |ŷ_c − y_c|} (subgradient 0 at 0); labels are target vectors.
 */
public record L1() implements Loss {
    @Override
    public double evaluate(Backend backend, Tensor output, Tensor labels, Tensor weights, Tensor grad) {
        return backend.l1Loss(output, labels, weights, grad);
    }
}
