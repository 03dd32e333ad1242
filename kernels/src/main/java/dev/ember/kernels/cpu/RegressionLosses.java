// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import static dev.ember.kernels.cpu.Losses.weight;

import dev.ember.tensor.Tensor;

/**
 * The regression losses of {@link CpuBackend}, averaged over columns, returning
 * {@code Σᵣ wᵣ·ℓᵣ} and writing {@code wᵣ·∂ℓᵣ/∂pred}; per-element math in double.
 */
final class RegressionLosses {
    private RegressionLosses() {}

    /** Which elementwise loss {@link #columnMean} applies. */
    private enum Kind { MSE, L1, HUBER }

    static double mse(Tensor pred, Tensor targets, Tensor weights, Tensor grad) {
        return columnMean(Kind.MSE, 0, pred, targets, weights, grad);
    }

    static double l1(Tensor pred, Tensor targets, Tensor weights, Tensor grad) {
        return columnMean(Kind.L1, 0, pred, targets, weights, grad);
    }

    static double huber(Tensor pred, Tensor targets, float delta, Tensor weights, Tensor grad) {
        return columnMean(Kind.HUBER, delta, pred, targets, weights, grad);
    }

    private static double columnMean(Kind kind, double delta, Tensor pred, Tensor targets, Tensor weights,
            Tensor grad) {
        int cols = pred.cols();
        double total = 0;
        for (int r = 0; r < pred.rows(); r++) {
            double w = weight(weights, r);
            double rowSum = 0;
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double d = (double) pred.at(i) - targets.at(i);
                double a = Math.abs(d);
                double slope;
                if (kind == Kind.MSE) {
                    rowSum += d * d;
                    slope = 2 * d;
                } else if (kind == Kind.L1) {
                    rowSum += a;
                    slope = Math.signum(d);
                } else {
                    rowSum += a <= delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
                    slope = Math.max(-delta, Math.min(delta, d));
                }
                grad.data()[grad.offset() + i] = (float) (w * slope / cols);
            }
            total += w * rowSum / cols;
        }
        return total;
    }
}
