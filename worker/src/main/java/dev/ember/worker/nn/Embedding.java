// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

/**
 * A learned lookup table for one categorical input column: category {@code c} in
 * {@code [0, cardinality)} maps to row {@code c} of a {@code cardinality × dim} table, named
 * {@code "emb<i>.table"} for the i-th categorical column.
 *
 * <p>The network's input stage concatenates {@code [numeric | emb_0 | ... | emb_{k−1}]} before
 * the first layer; backward scatter-adds the first layer's input gradient into the tables. Tables
 * start as N(0, 1) draws, as PyTorch's {@code nn.Embedding} does.
 */
public record Embedding(int cardinality, int dim) {
    public Embedding {
        if (cardinality < 1 || dim < 1) {
            throw new IllegalArgumentException("embedding needs cardinality >= 1 and dim >= 1, got cardinality "
                    + cardinality + ", dim " + dim);
        }
        if ((long) cardinality * dim > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("embedding table " + cardinality + " × " + dim
                    + " has more than 2^31 - 1 elements");
        }
        if (cardinality > (1 << 24)) {
            throw new IllegalArgumentException("embedding cardinality " + cardinality
                    + " exceeds 2^24, the largest index a float category holds exactly");
        }
    }
}
