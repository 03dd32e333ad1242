// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import dev.ember.tensor.Activation;
import dev.ember.tensor.Backend;

/**
 * An element-wise activation {@code y = f(x)}, {@code dx = dy ⊙ f'(x)}, with the definitions of
 * {@link Activation}. The width is unchanged.
 */
public sealed interface ActivationLayer extends Layer
        permits Identity, Relu, LeakyRelu, Elu, Sigmoid, Tanh, Selu, Silu, Gelu {

    /** The function this layer applies. */
    Activation activation();

    /** The function's parameter (LeakyReLU's slope, ELU's alpha); 0 for the others. */
    default float alpha() {
        return 0f;
    }

    @Override
    default int outputWidth(String where, int inputWidth) {
        return inputWidth;
    }

    @Override
    default void forward(Backend backend, LayerTensors t) {
        backend.activate(activation(), alpha(), t.x(), t.y());
    }

    @Override
    default void backward(Backend backend, LayerTensors t) {
        if (t.dx() != null) {
            backend.activateBackward(activation(), alpha(), t.x(), t.y(), t.dy(), t.dx());
        }
    }

    /** The layer for an activation with its parameter, e.g. to build a network from a config. */
    static ActivationLayer of(Activation f, float alpha) {
        return switch (f) {
            case IDENTITY -> new Identity();
            case RELU -> new Relu();
            case LEAKY_RELU -> new LeakyRelu(alpha);
            case ELU -> new Elu(alpha);
            case SIGMOID -> new Sigmoid();
            case TANH -> new Tanh();
            case SELU -> new Selu();
            case SILU -> new Silu();
            case GELU -> new Gelu();
        };
    }
}
