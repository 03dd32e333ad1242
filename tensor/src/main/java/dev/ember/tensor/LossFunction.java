// SPDX-License-Identifier: Apache-2.0
package dev.ember.tensor;

/**
 * The losses that {@link Backend#loss} computes, each fused with its gradient, with PyTorch's
 * definitions. This is the one place their math is written down; {@link ReferenceBackend} is it
 * in plain Java, and the fast backends are tested against that.
 *
 * <p>Per row r of the {@code n × k} input z (logits or predictions ŷ) with target t, sample weight
 * wᵣ ({@code 1} when the weights are {@code null}) and {@code param} p:
 * <pre>
 *                  value ℓᵣ                                   gradient ∂ℓᵣ/∂z_c
 * CROSS_ENTROPY    log Σₖ e^{zₖ} − z_y                        softmax(z)_c − [c = y]
 *                  (y = t, a class index; stable log-sum-exp on z − max z)
 * BCE_WITH_LOGITS  mean_c (max(z_c, 0) − z_c·t_c              (σ(z_c) − t_c) / k
 *                         + log(1 + e^{−|z_c|}))
 * MSE              mean_c (ŷ_c − t_c)²                        2(ŷ_c − t_c) / k
 * L1               mean_c |ŷ_c − t_c|                         sign(ŷ_c − t_c) / k      (0 at 0)
 * HUBER            mean_c h(ŷ_c − t_c), δ = p:                clamp(ŷ_c − t_c, −δ, δ) / k
 *                  h(d) = ½d² if |d| ≤ δ, else δ(|d| − ½δ)
 * </pre>
 * A backend returns {@code Σᵣ wᵣ·ℓᵣ} and writes {@code wᵣ·∂ℓᵣ/∂z} into the gradient; the driver
 * divides once by {@code Σᵣ wᵣ}. The losses over several columns average over the k columns of a
 * row, so an unweighted batch gives exactly PyTorch's mean over all elements. Targets are
 * {@code n × 1} class indices (stored as floats) for {@link #CROSS_ENTROPY}, else {@code n × k}.
 * {@code param} is Huber's δ and is ignored by the others.
 */
public enum LossFunction {
    /** Softmax fused with cross-entropy over logits; PyTorch's {@code nn.CrossEntropyLoss}. */
    CROSS_ENTROPY,
    /** Sigmoid fused with binary cross-entropy over logits (stable); {@code nn.BCEWithLogitsLoss}. */
    BCE_WITH_LOGITS,
    /** Mean squared error; {@code nn.MSELoss}. */
    MSE,
    /** Mean absolute error; {@code nn.L1Loss}. */
    L1,
    /** Huber loss with threshold δ = {@code param}; {@code nn.HuberLoss}. */
    HUBER
}
