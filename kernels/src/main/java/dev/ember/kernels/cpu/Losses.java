// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import dev.ember.tensor.Activation;
import dev.ember.tensor.Tensor;

/**
 * The classification losses of {@link CpuBackend}: each returns {@code Σᵣ wᵣ·ℓᵣ} and writes
 * {@code wᵣ·∂ℓᵣ/∂input} (formulas in {@code LossFunction}). Per-element math in double:
 * these tensors are batch × classes, tiny next to the GEMMs, so precision costs nothing.
 */
final class Losses {
    private Losses() {}

    static double weight(Tensor weights, int r) {
        return weights == null ? 1.0 : weights.at(r);
    }

    static double softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor weights, Tensor grad) {
        int cols = logits.cols();
        double total = 0;
        for (int r = 0; r < logits.rows(); r++) {
            double lse = Softmax.logSumExp(logits, r);
            int y = (int) labels.at(r);
            double w = weight(weights, r);
            int in = logits.offset() + r * cols;
            int out = grad.offset() + r * cols;
            total += w * (lse - logits.data()[in + y]);
            for (int c = 0; c < cols; c++) {
                double p = Math.exp(logits.data()[in + c] - lse);
                grad.data()[out + c] = (float) (w * (c == y ? p - 1 : p));
            }
        }
        return total;
    }

    static double sigmoidBinaryCrossEntropy(Tensor logits, Tensor targets, Tensor weights, Tensor grad) {
        int cols = logits.cols();
        double total = 0;
        for (int r = 0; r < logits.rows(); r++) {
            double w = weight(weights, r);
            double rowSum = 0;
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double z = logits.at(i);
                double t = targets.at(i);
                rowSum += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
                grad.data()[grad.offset() + i] = (float) (w * (Activation.sigmoid(z) - t) / cols);
            }
            total += w * rowSum / cols;
        }
        return total;
    }
}
