// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import dev.ember.tensor.Tensor;

/** Row-wise softmax with max subtraction; sums in double. */
final class Softmax {
    private Softmax() {}

    /** {@code max + log Σ e^{z − max}} of row {@code r}: the stable log-sum-exp. */
    static double logSumExp(Tensor z, int r) {
        float[] d = z.data();
        int row = z.offset() + r * z.cols();
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < z.cols(); c++) {
            max = Math.max(max, d[row + c]);
        }
        double sum = 0;
        for (int c = 0; c < z.cols(); c++) {
            sum += Math.exp(d[row + c] - (double) max);
        }
        return max + Math.log(sum);
    }

    static void softmax(Tensor logits, Tensor probs) {
        int cols = logits.cols();
        for (int r = 0; r < logits.rows(); r++) {
            double lse = logSumExp(logits, r);
            int in = logits.offset() + r * cols;
            int out = probs.offset() + r * cols;
            for (int c = 0; c < cols; c++) {
                probs.data()[out + c] = (float) Math.exp(logits.data()[in + c] - lse);
            }
        }
    }

    static void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        int cols = y.cols();
        for (int r = 0; r < y.rows(); r++) {
            int yr = y.offset() + r * cols;
            int gr = dy.offset() + r * cols;
            int xr = dx.offset() + r * cols;
            double dot = 0;
            for (int c = 0; c < cols; c++) {
                dot += (double) dy.data()[gr + c] * y.data()[yr + c];
            }
            for (int c = 0; c < cols; c++) {
                dx.data()[xr + c] = (float) (y.data()[yr + c] * (dy.data()[gr + c] - dot));
            }
        }
    }
}
