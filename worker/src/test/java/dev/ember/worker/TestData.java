// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import dev.ember.tensor.Rng;
import dev.ember.worker.nn.BceWithLogits;
import dev.ember.worker.nn.Embedding;
import dev.ember.worker.nn.Loss;
import java.util.List;

/** Seeded random batches that fit a spec: N(0, 1) features, valid categories and labels. */
public final class TestData {
    private TestData() {}

    /** {@code n} rows; weights uniform in [0.25, 2] when {@code weighted}, else ones; row keys {@code 1000 + r}. */
    public static Batch batch(NetworkSpec spec, int n, long seed, boolean weighted) {
        List<Embedding> embeddings = spec.embeddings();
        int k = embeddings.size();
        Batch b = Batch.allocate(n, spec.numericWidth(), k, spec.labelWidth()).withRows(n);
        for (int i = 0; i < b.features().length; i++) {
            b.features()[i] = (float) Rng.normal(seed, 1, i);
        }
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < k; j++) {
                b.categories()[r * k + j] = Rng.below(seed, 2, r * k + j, embeddings.get(j).cardinality());
            }
            b.weights()[r] = weighted ? (float) (0.25 + 1.75 * Rng.uniformDouble(seed, 3, r)) : 1f;
            b.rowKeys()[r] = 1000 + r;
        }
        fillLabels(spec, b, seed);
        return b;
    }

    private static void fillLabels(NetworkSpec spec, Batch b, long seed) {
        Loss loss = spec.loss();
        float[] labels = b.labels();
        for (int i = 0; i < labels.length; i++) {
            if (loss.classLabels()) {
                labels[i] = Rng.below(seed, 4, i, spec.outputWidth());
            } else if (loss instanceof BceWithLogits) {
                labels[i] = Rng.uniform(seed, 4, i);
            } else {
                labels[i] = (float) Rng.normal(seed, 4, i);
            }
        }
    }
}
