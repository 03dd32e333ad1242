// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.LossFunction;

/**
 * Huber loss with threshold δ (PyTorch's default is 1), per column {@code d = ŷ − y}:
 * {@code ½d²} for {@code |d| ≤ δ}, else {@code δ(|d| − ½δ)}, averaged over columns
 * ({@link LossFunction#HUBER}); labels are target vectors. PyTorch: {@code nn.HuberLoss}.
 */
public record Huber(float delta) implements Loss {
    public Huber {
        if (!(delta > 0) || Float.isInfinite(delta)) {
            throw new IllegalArgumentException("huber delta must be finite and > 0, got " + delta);
        }
    }

    @Override
    public LossFunction function() {
        return LossFunction.HUBER;
    }

    @Override
    public float parameter() {
        return delta;
    }
}
