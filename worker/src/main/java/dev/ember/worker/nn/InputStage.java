// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Backend;
import dev.ember.tensor.Tensor;
import java.util.List;

/**
 * The network's input stage: builds the first layer's input {@code [numeric | emb_0 | ... ]} from a
 * batch's numeric features and category indices, and scatters the input gradient back into the
 * embedding tables.
 *
 * <pre>
 * forward    X[r] = [features[r] | table_0[c_0(r)] | ... | table_{k−1}[c_{k−1}(r)]]
 * backward   dTable_j[c_j(r)] += dX[r][columns of emb_j]      (scatterAddRows, accumulating)
 * </pre>
 * Categories arrive row-major ({@code n × k} floats); each column is transposed on the host into
 * one contiguous index vector, checked to lie in {@code [0, cardinality)}, and uploaded. All
 * workspaces are allocated once, for {@code capacity} rows.
 */
public final class InputStage {
    private final Backend backend;
    private final List<Embedding> embeddings;
    private final Tensor input;
    private final Tensor inputGrad;
    private final Tensor numeric;
    private final Tensor[] indices;
    private final Tensor[] tables;
    private final Tensor[] tableGrads;
    private final int[] firstColumn;
    private final float[] hostColumn;
    private final Tensor[] indexRows;
    private int rows = -1;
    private Tensor x;
    private Tensor dx;
    private Tensor numericRows;

    /**
     * {@code input} ({@code capacity × inputWidth}) is the first layer's input; {@code inputGrad}
     * its gradient (null without embeddings); {@code tables[j]} and {@code tableGrads[j]} the
     * parameter and gradient slices of embedding j.
     */
    public InputStage(Backend backend, int numericWidth, List<Embedding> embeddings, Tensor input, Tensor inputGrad,
            Tensor[] tables, Tensor[] tableGrads) {
        int capacity = input.rows();
        int k = embeddings.size();
        this.backend = backend;
        this.embeddings = List.copyOf(embeddings);
        this.input = input;
        this.inputGrad = inputGrad;
        this.numeric = k == 0 || numericWidth == 0 ? null : backend.allocate(capacity, numericWidth);
        this.tables = tables.clone();
        this.tableGrads = tableGrads.clone();
        this.indices = new Tensor[k];
        this.firstColumn = new int[k];
        int column = numericWidth;
        for (int j = 0; j < k; j++) {
            indices[j] = backend.allocate(capacity, 1);
            firstColumn[j] = column;
            column += embeddings.get(j).dim();
        }
        this.hostColumn = new float[k == 0 ? 0 : capacity];
        this.indexRows = new Tensor[k];
    }

    /** Fills the first {@code n} rows of the input from row-major {@code features} and {@code categories}. */
    public void forward(int n, float[] features, float[] categories) {
        bind(n);
        if (tables.length == 0) {
            backend.upload(features, 0, x);
            return;
        }
        if (numeric != null) {
            backend.upload(features, 0, numericRows);
            backend.copyColumns(numericRows, x, 0);
        }
        for (int j = 0; j < tables.length; j++) {
            transposeColumn(j, n, categories);
            backend.upload(hostColumn, 0, indexRows[j]);
            backend.gatherRows(tables[j], indexRows[j], x, firstColumn[j]);
        }
    }

    /** Adds the input gradient of the last {@link #forward}'s rows into the embedding tables' gradients. */
    public void backward() {
        for (int j = 0; j < tables.length; j++) {
            backend.scatterAddRows(dx, firstColumn[j], indexRows[j], tableGrads[j]);
        }
    }

    /** Views of the first n rows, rebuilt only when n changes. */
    private void bind(int n) {
        if (n == rows) {
            return;
        }
        rows = n;
        x = input.rows(0, n);
        dx = inputGrad == null ? null : inputGrad.rows(0, n);
        numericRows = numeric == null ? null : numeric.rows(0, n);
        for (int j = 0; j < indices.length; j++) {
            indexRows[j] = indices[j].rows(0, n);
        }
    }

    private void transposeColumn(int j, int n, float[] categories) {
        int k = tables.length;
        int cardinality = embeddings.get(j).cardinality();
        for (int r = 0; r < n; r++) {
            float c = categories[r * k + j];
            if (!(c >= 0 && c < cardinality && c == (int) c)) {
                throw new IllegalArgumentException("categorical column " + j + " of batch row " + r + " is " + c
                        + ", expected an index in [0, " + cardinality + ")");
            }
            hostColumn[r] = c;
        }
    }
}
