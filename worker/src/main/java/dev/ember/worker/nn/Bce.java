// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Backend;
import dev.ember.tensor.Tensor;

/**
 * Binary cross-entropy over probabilities (after a {@link Sigmoid} layer), with logs clamped at
 * −100 as PyTorch does: {@code ℓ = −mean_c (t·max(log p, −100) + (1−t)·max(log(1−p), −100))}.
 * Labels are targets in [0, 1]. Prefer {@link BceWithLogits}, which is stable for confident outputs.
 */
public record Bce() implements Loss {
    @Override
    public double evaluate(Backend backend, Tensor output, Tensor labels, Tensor weights, Tensor ones, Tensor grad) {
        return backend.binaryCrossEntropy(output, labels, weights, grad);
    }
}
