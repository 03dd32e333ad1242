// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Tensor;
import java.util.Objects;

/**
 * The tensors one layer works on, owned by the network: workspaces allocated once for up to
 * {@code capacity} rows, and views of their first {@code n} rows for the current batch.
 *
 * <p>{@link #bind} sets the batch: views are rebuilt only when {@code n} changes, so a loop over
 * equal-sized micro-batches creates no objects. {@code dx()} is null when the network needs no
 * gradient with respect to this layer's input (nothing trainable lies before it).
 */
public final class LayerTensors {
    private final Tensor input;
    private final Tensor output;
    private final Tensor inputGrad;
    private final Tensor outputGrad;
    private Tensor weight;
    private Tensor bias;
    private Tensor weightGrad;
    private Tensor biasGrad;
    private Tensor maskBuffer;
    private long seed;

    private int n = -1;
    private Tensor x;
    private Tensor y;
    private Tensor dx;
    private Tensor dy;
    private Tensor mask;
    private boolean training;
    private long[] rowKeys;

    /** {@code inputGrad} may be null (no input gradient wanted); the others are {@code capacity × width}. */
    public LayerTensors(Tensor input, Tensor output, Tensor inputGrad, Tensor outputGrad) {
        this.input = Objects.requireNonNull(input, "input");
        this.output = Objects.requireNonNull(output, "output");
        this.inputGrad = inputGrad;
        this.outputGrad = Objects.requireNonNull(outputGrad, "outputGrad");
    }

    /** Sets the parameter slices of a {@link Dense} layer (bias and biasGrad null without a bias). */
    public LayerTensors parameters(Tensor weight, Tensor bias, Tensor weightGrad, Tensor biasGrad) {
        this.weight = Objects.requireNonNull(weight, "weight");
        this.weightGrad = Objects.requireNonNull(weightGrad, "weightGrad");
        this.bias = bias;
        this.biasGrad = biasGrad;
        return this;
    }

    /** Sets the mask workspace and the per-layer seed of a {@link Dropout} layer. */
    public LayerTensors dropout(Tensor maskBuffer, long seed) {
        this.maskBuffer = Objects.requireNonNull(maskBuffer, "maskBuffer");
        this.seed = seed;
        return this;
    }

    /** Points the views at the first {@code rows} rows; {@code rowKeys[r]} keys row r's random draws. */
    public void bind(int rows, boolean training, long[] rowKeys) {
        if (rows != n) {
            n = rows;
            x = input.rows(0, rows);
            y = output.rows(0, rows);
            dy = outputGrad.rows(0, rows);
            dx = inputGrad == null ? null : inputGrad.rows(0, rows);
            mask = maskBuffer == null ? null : maskBuffer.rows(0, rows);
        }
        this.training = training;
        this.rowKeys = rowKeys;
    }

    /** The width of this layer's output. */
    public int outputWidth() {
        return output.cols();
    }

    /** True when the network wants {@code dx}: something trainable lies before this layer. */
    public boolean needsInputGradient() {
        return inputGrad != null;
    }

    public Tensor x() {
        return x;
    }

    public Tensor y() {
        return y;
    }

    public Tensor dx() {
        return dx;
    }

    public Tensor dy() {
        return dy;
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    public Tensor weightGrad() {
        return weightGrad;
    }

    public Tensor biasGrad() {
        return biasGrad;
    }

    public Tensor mask() {
        return mask;
    }

    public long seed() {
        return seed;
    }

    public boolean training() {
        return training;
    }

    public long[] rowKeys() {
        return rowKeys;
    }
}
