// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Backend;

/**
 * Row-wise log-softmax, {@code y_j = x_j − log Σₖ e^{x_k}} (stable), with backward
 * {@code dx_j = dy_j − e^{y_j}·Σₖ dy_k}. Pairs with {@link Nll}.
 */
public record LogSoftmax() implements Layer {
    @Override
    public int outputWidth(String where, int inputWidth) {
        if (inputWidth < 2) {
            throw new IllegalArgumentException(where + ": log_softmax needs an input width >= 2, got " + inputWidth);
        }
        return inputWidth;
    }

    @Override
    public void forward(Backend backend, LayerTensors t) {
        backend.logSoftmax(t.x(), t.y());
    }

    @Override
    public void backward(Backend backend, LayerTensors t) {
        if (t.dx() != null) {
            backend.logSoftmaxBackward(t.y(), t.dy(), t.dx());
        }
    }
}
