// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Backend;

/**
 * Row-wise softmax, {@code y_j = e^{x_j} / Σₖ e^{x_k}}, with backward
 * {@code dx_j = y_j·(dy_j − Σₖ dy_k·y_k)}. For classification prefer a linear output with
 * {@link CrossEntropy}, which fuses softmax into the loss stably; this layer is for networks that
 * need probabilities inside.
 */
public record Softmax() implements Layer {
    @Override
    public int outputWidth(String where, int inputWidth) {
        if (inputWidth < 2) {
            throw new IllegalArgumentException(where + ": softmax needs an input width >= 2, got " + inputWidth);
        }
        return inputWidth;
    }

    @Override
    public void forward(Backend backend, LayerTensors t) {
        backend.softmax(t.x(), t.y());
    }

    @Override
    public void backward(Backend backend, LayerTensors t) {
        if (t.dx() != null) {
            backend.softmaxBackward(t.y(), t.dy(), t.dx());
        }
    }
}
