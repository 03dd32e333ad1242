// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Backend;
import dev.ember.tensor.Tensor;

/**
 * Cosine embedding loss between each output row and its label vector, {@code ℓ = 1 − cos(ŷ, y)}
 * (norms clamped below at 1e-8, as PyTorch's eps).
 *
 * <p>PyTorch's {@code nn.CosineEmbeddingLoss} also takes a sign per pair (+1: pull together,
 * −1: push apart to {@code cos ≤ margin}). A row of Ember data carries one label vector and no
 * pair sign, so the sign is +1 for every row: the network learns to point its output in the
 * direction of the label vector, and {@code margin} only matters for the −1 case (it is kept so
 * that configs carry PyTorch's full parameter set; PyTorch's default is 0).
 */
public record CosineEmbedding(float margin) implements Loss {
    public CosineEmbedding {
        if (!(margin >= -1 && margin <= 1)) {
            throw new IllegalArgumentException("cosine_embedding margin must be in [-1, 1], got " + margin);
        }
    }

    @Override
    public double evaluate(Backend backend, Tensor output, Tensor labels, Tensor weights, Tensor ones, Tensor grad) {
        return backend.cosineEmbeddingLoss(output, labels, ones, margin, weights, grad);
    }

    @Override
    public int minOutputWidth() {
        return 2;
    }
}
