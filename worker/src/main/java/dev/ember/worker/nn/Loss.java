// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.ember.tensor.Backend;
import dev.ember.tensor.LossFunction;
import dev.ember.tensor.Tensor;

/**
 * A training objective with PyTorch's definition, on the network's {@code n × width} output: which
 * {@link LossFunction} the backend computes (its Javadoc has each loss's value and gradient), with
 * its parameter, plus what the loss means for labels and prediction.
 *
 * <p>{@link #evaluate} returns the weighted SUM {@code Σᵣ wᵣ·ℓᵣ} and writes {@code wᵣ·∂ℓᵣ/∂output};
 * the driver divides once by {@code Σᵣ wᵣ}, which gives PyTorch's default mean reduction (and its
 * weighted mean when the rows carry sample weights). Losses over several columns average over the
 * columns of a row, so an unweighted batch gives exactly PyTorch's mean over all elements.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Mse.class, name = "mse"),
    @JsonSubTypes.Type(value = L1.class, name = "l1"),
    @JsonSubTypes.Type(value = Huber.class, name = "huber"),
    @JsonSubTypes.Type(value = CrossEntropy.class, name = "cross_entropy"),
    @JsonSubTypes.Type(value = BceWithLogits.class, name = "bce_with_logits"),
})
public sealed interface Loss permits Mse, L1, Huber, CrossEntropy, BceWithLogits {

    /** The fused loss and gradient the backend computes. */
    LossFunction function();

    /** The function's parameter ({@link LossFunction#HUBER}'s δ); 0 for the others. */
    default float parameter() {
        return 0f;
    }

    /**
     * {@code Σᵣ wᵣ·ℓᵣ} over the rows of {@code output}; writes {@code wᵣ·∂ℓᵣ/∂output} into
     * {@code grad}. {@code labels} is {@code n × labelWidth}, {@code weights} is {@code n × 1}.
     */
    default double evaluate(Backend backend, Tensor output, Tensor labels, Tensor weights, Tensor grad) {
        return backend.loss(function(), parameter(), output, labels, weights, grad);
    }

    /** What prediction applies to the raw output. */
    default OutputTransform outputTransform() {
        return OutputTransform.IDENTITY;
    }

    /** True when a label is one class index per row (stored as a float), not a target vector. */
    default boolean classLabels() {
        return false;
    }

    /** Label columns per row for a network with {@code outputWidth} outputs. */
    default int labelWidth(int outputWidth) {
        return classLabels() ? 1 : outputWidth;
    }

    /** The narrowest output this loss is defined on. */
    default int minOutputWidth() {
        return 1;
    }

    /** The JSON type name of a loss, for messages: {@code mse}, {@code cross_entropy}, ... */
    static String kindOf(Loss loss) {
        return JsonNames.of(Loss.class, loss);
    }
}
