// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.LossFunction;

/**
 * Mean squared error, {@code ℓ = mean_c (ŷ_c − y_c)²} ({@link LossFunction#MSE}); labels are
 * target vectors. PyTorch: {@code nn.MSELoss}.
 */
public record Mse() implements Loss {
    @Override
    public LossFunction function() {
        return LossFunction.MSE;
    }
}
