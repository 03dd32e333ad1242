// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.LossFunction;

/**
 * Mean absolute error, {@code ℓ = mean_c |ŷ_c − y_c|} (subgradient 0 at 0;
 * {@link LossFunction#L1}); labels are target vectors. PyTorch: {@code nn.L1Loss}.
 */
public record L1() implements Loss {
    @Override
    public LossFunction function() {
        return LossFunction.L1;
    }
}
