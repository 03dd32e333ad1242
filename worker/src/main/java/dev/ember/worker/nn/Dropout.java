// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Backend;
import dev.ember.tensor.Rng;

/**
 * Inverted dropout: in training, {@code y = x ⊙ m} with {@code m = 1/(1−p)} with probability
 * {@code 1−p}, else 0, so {@code E[y] = x}; backward {@code dx = dy ⊙ m}. In evaluation and
 * prediction {@code y = x}.
 *
 * <p>Masks come from {@link Backend#dropout}: element {@code (r, j)} is dropped when
 * {@code Rng.uniform(seed, rowKey(r), j) < p}, where the row key comes from the batch (global row and
 * epoch) and {@code seed = }{@link #seedFor}{@code (layer index)}. A row's mask therefore depends
 * on its key and the layer only, never on the batch it lands in or the partitioning.
 */
public record Dropout(float p) implements Layer {
    private static final long SEED_SALT = 0x44524F504F555421L;

    public Dropout {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability p must be in [0, 1), got " + p);
        }
    }

    /** The mask seed of the dropout layer at {@code layerIndex}: distinct layers draw independent masks. */
    public static long seedFor(int layerIndex) {
        return Rng.mix(SEED_SALT, layerIndex, 0);
    }

    @Override
    public int outputWidth(String where, int inputWidth) {
        return inputWidth;
    }

    @Override
    public void forward(Backend backend, LayerTensors t) {
        if (t.training()) {
            backend.dropout(t.x(), t.y(), t.mask(), p, t.seed(), t.rowKeys());
        } else {
            backend.copyColumns(t.x(), t.y(), 0);
        }
    }

    @Override
    public void backward(Backend backend, LayerTensors t) {
        if (t.dx() != null) {
            backend.multiply(t.dy(), t.mask(), t.dx());
        }
    }
}
