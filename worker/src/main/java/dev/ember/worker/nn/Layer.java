// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.ember.tensor.Backend;

/**
 * One stage of a feed-forward network: an immutable description (JSON type name in
 * {@link #kindOf}) plus its forward and backward passes on a {@link Backend}.
 *
 * <p>Shapes: a layer maps {@code n × in} to {@code n × outputWidth(in)}. Its tensors for the
 * current batch (input, output, their gradients, its parameter and gradient slices, a dropout
 * mask) come in a {@link LayerTensors} owned by the network; a layer keeps no state of its own.
 * {@code backward} ADDS its parameter gradients into the gradient slices (so micro-batches sum)
 * and WRITES the input gradient, when the network asks for one.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Dense.class, name = "dense"),
    @JsonSubTypes.Type(value = Identity.class, name = "identity"),
    @JsonSubTypes.Type(value = Relu.class, name = "relu"),
    @JsonSubTypes.Type(value = LeakyRelu.class, name = "leaky_relu"),
    @JsonSubTypes.Type(value = Elu.class, name = "elu"),
    @JsonSubTypes.Type(value = Sigmoid.class, name = "sigmoid"),
    @JsonSubTypes.Type(value = Tanh.class, name = "tanh"),
    @JsonSubTypes.Type(value = Selu.class, name = "selu"),
    @JsonSubTypes.Type(value = Silu.class, names = {"silu", "swish"}),
    @JsonSubTypes.Type(value = Gelu.class, name = "gelu"),
    @JsonSubTypes.Type(value = Softmax.class, name = "softmax"),
    @JsonSubTypes.Type(value = Dropout.class, name = "dropout"),
})
public sealed interface Layer permits Dense, ActivationLayer, Softmax, Dropout {

    /**
     * The output width for an input of {@code inputWidth} columns; throws, naming the layer as
     * {@code where}, when this layer cannot take that width.
     */
    int outputWidth(String where, int inputWidth);

    /** {@code y = f(x)} on {@code t.x()} into {@code t.y()}. */
    void forward(Backend backend, LayerTensors t);

    /**
     * Given {@code t.dy() = ∂L/∂y}: adds {@code ∂L/∂θ} into the gradient slices and, when
     * {@code t.dx()} is not null, writes {@code ∂L/∂x} into it.
     */
    void backward(Backend backend, LayerTensors t);

    /** The JSON type name of a layer, for messages: {@code dense}, {@code relu}, ... */
    static String kindOf(Layer layer) {
        return JsonNames.of(Layer.class, layer);
    }
}
