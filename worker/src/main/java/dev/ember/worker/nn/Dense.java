// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Backend;
import java.util.Objects;

/**
 * Fully connected layer, {@code y = x·Wᵀ + b}, with {@code W} stored {@code units × in} (row j
 * holds the weights of output unit j) and {@code b} of {@code units}.
 *
 * <pre>
 * forward    Y  = X·Wᵀ + 1·bᵀ        gemm NT, then addRowVector
 * backward   dW += dYᵀ·X              gemm TN with beta = 1 (accumulates over micro-batches)
 *            db += Σᵣ dY[r]            sumRows with beta = 1
 *            dX  = dY·W               gemm NN, skipped when no input gradient is wanted
 * </pre>
 * Parameters are named {@code "<index>.weight"} and {@code "<index>.bias"}; biases start at zero
 * and the weights as {@code init} says.
 */
public record Dense(int units, boolean bias, Init init) implements Layer {
    public Dense {
        Objects.requireNonNull(init, "init");
        if (units < 1) {
            throw new IllegalArgumentException("dense layer needs units >= 1, got " + units);
        }
    }

    /** {@code units} outputs with a bias and {@link Init#auto()}. */
    public Dense(int units) {
        this(units, true, Init.auto());
    }

    @Override
    public int outputWidth(String where, int inputWidth) {
        long weights = (long) units * inputWidth;
        if (weights > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where + ": weight " + units + " × " + inputWidth
                    + " has more than 2^31 - 1 elements");
        }
        return units;
    }

    @Override
    public void forward(Backend backend, LayerTensors t) {
        backend.gemm(false, true, 1f, t.x(), t.weight(), 0f, t.y());
        if (bias) {
            backend.addRowVector(t.y(), t.bias());
        }
    }

    @Override
    public void backward(Backend backend, LayerTensors t) {
        backend.gemm(true, false, 1f, t.dy(), t.x(), 1f, t.weightGrad());
        if (bias) {
            backend.sumRows(t.dy(), 1f, t.biasGrad());
        }
        if (t.dx() != null) {
            backend.gemm(false, false, 1f, t.dy(), t.weight(), 0f, t.dx());
        }
    }
}
