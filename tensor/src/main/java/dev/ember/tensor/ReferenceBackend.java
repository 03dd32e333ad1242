// SPDX-License-Identifier: Apache-2.0
package dev.ember.tensor;

/**
 * Plain Java, double accumulation, written for obviousness rather than speed: the oracle that every
 * other backend is tested against. Each method is the formula of its {@link Backend} Javadoc, and
 * each loss the formula of its {@link LossFunction}.
 */
public final class ReferenceBackend implements Backend {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String device() {
        return "plain Java";
    }

    @Override
    public Tensor allocate(int rows, int cols) {
        return Tensor.zeros(rows, cols);
    }

    @Override
    public void upload(float[] src, int srcOffset, Tensor dst) {
        System.arraycopy(src, srcOffset, dst.data(), dst.offset(), dst.size());
    }

    @Override
    public void download(Tensor src, float[] dst, int dstOffset) {
        System.arraycopy(src.data(), src.offset(), dst, dstOffset, src.size());
    }

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shapes do not match: op(A) " + m + "×" + k + ", op(B) "
                    + kb + "×" + n + ", C " + c.shape());
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a.get(p, i) : a.get(i, p);
                    float bv = transB ? b.get(j, p) : b.get(p, j);
                    sum += (double) av * bv;
                }
                double old = beta == 0 ? 0 : (double) beta * c.get(i, j);
                c.set(i, j, (float) (alpha * sum + old));
            }
        }
    }

    @Override
    public void addRowVector(Tensor x, Tensor bias) {
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < x.cols(); c++) {
                x.set(r, c, x.get(r, c) + bias.at(c));
            }
        }
    }

    @Override
    public void sumRows(Tensor x, float beta, Tensor out) {
        for (int c = 0; c < x.cols(); c++) {
            double sum = 0;
            for (int r = 0; r < x.rows(); r++) {
                sum += x.get(r, c);
            }
            double old = beta == 0 ? 0 : (double) beta * out.at(c);
            out.data()[out.offset() + c] = (float) (old + sum);
        }
    }

    @Override
    public void fill(Tensor x, float value) {
        for (int i = 0; i < x.size(); i++) {
            x.data()[x.offset() + i] = value;
        }
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        for (int i = 0; i < a.size(); i++) {
            out.data()[out.offset() + i] = a.at(i) * b.at(i);
        }
    }

    @Override
    public void copyColumns(Tensor src, Tensor dst, int dstCol) {
        for (int r = 0; r < src.rows(); r++) {
            for (int c = 0; c < src.cols(); c++) {
                dst.set(r, dstCol + c, src.get(r, c));
            }
        }
    }

    @Override
    public void activate(Activation f, float alpha, Tensor x, Tensor y) {
        for (int i = 0; i < x.size(); i++) {
            y.data()[y.offset() + i] = (float) f.apply(x.at(i), alpha);
        }
    }

    @Override
    public void activateBackward(Activation f, float alpha, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        for (int i = 0; i < x.size(); i++) {
            dx.data()[dx.offset() + i] = (float) (dy.at(i) * f.derivative(x.at(i), alpha));
        }
    }

    @Override
    public void softmax(Tensor logits, Tensor probs) {
        for (int r = 0; r < logits.rows(); r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < logits.cols(); c++) {
                max = Math.max(max, logits.get(r, c));
            }
            double sum = 0;
            for (int c = 0; c < logits.cols(); c++) {
                sum += Math.exp(logits.get(r, c) - max);
            }
            for (int c = 0; c < logits.cols(); c++) {
                probs.set(r, c, (float) (Math.exp(logits.get(r, c) - max) / sum));
            }
        }
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        for (int r = 0; r < y.rows(); r++) {
            double dot = 0;
            for (int c = 0; c < y.cols(); c++) {
                dot += (double) dy.get(r, c) * y.get(r, c);
            }
            for (int c = 0; c < y.cols(); c++) {
                dx.set(r, c, (float) (y.get(r, c) * (dy.get(r, c) - dot)));
            }
        }
    }

    private static double weight(Tensor weights, int r) {
        return weights == null ? 1.0 : weights.at(r);
    }

    @Override
    public double loss(LossFunction f, float param, Tensor pred, Tensor targets, Tensor weights, Tensor grad) {
        return switch (f) {
            case CROSS_ENTROPY -> softmaxCrossEntropy(pred, targets, weights, grad);
            case BCE_WITH_LOGITS -> sigmoidBinaryCrossEntropy(pred, targets, weights, grad);
            case MSE -> mseLoss(pred, targets, weights, grad);
            case L1 -> l1Loss(pred, targets, weights, grad);
            case HUBER -> huberLoss(pred, targets, param, weights, grad);
        };
    }

    private static double softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor weights, Tensor grad) {
        double total = 0;
        for (int r = 0; r < logits.rows(); r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < logits.cols(); c++) {
                max = Math.max(max, logits.get(r, c));
            }
            double sum = 0;
            for (int c = 0; c < logits.cols(); c++) {
                sum += Math.exp(logits.get(r, c) - max);
            }
            double logSumExp = max + Math.log(sum);
            int y = (int) labels.at(r);
            double w = weight(weights, r);
            total += w * (logSumExp - logits.get(r, y));
            for (int c = 0; c < logits.cols(); c++) {
                double p = Math.exp(logits.get(r, c) - logSumExp);
                grad.set(r, c, (float) (w * (p - (c == y ? 1 : 0))));
            }
        }
        return total;
    }

    private static double sigmoidBinaryCrossEntropy(Tensor logits, Tensor targets, Tensor weights, Tensor grad) {
        double total = 0;
        int cols = logits.cols();
        for (int r = 0; r < logits.rows(); r++) {
            double w = weight(weights, r);
            double rowSum = 0;
            for (int c = 0; c < cols; c++) {
                double z = logits.get(r, c);
                double t = targets.get(r, c);
                rowSum += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
                grad.set(r, c, (float) (w * (Activation.sigmoid(z) - t) / cols));
            }
            total += w * rowSum / cols;
        }
        return total;
    }

    private static double mseLoss(Tensor pred, Tensor targets, Tensor weights, Tensor grad) {
        double total = 0;
        int cols = pred.cols();
        for (int r = 0; r < pred.rows(); r++) {
            double w = weight(weights, r);
            double rowSum = 0;
            for (int c = 0; c < cols; c++) {
                double d = (double) pred.get(r, c) - targets.get(r, c);
                rowSum += d * d;
                grad.set(r, c, (float) (w * 2 * d / cols));
            }
            total += w * rowSum / cols;
        }
        return total;
    }

    private static double l1Loss(Tensor pred, Tensor targets, Tensor weights, Tensor grad) {
        double total = 0;
        int cols = pred.cols();
        for (int r = 0; r < pred.rows(); r++) {
            double w = weight(weights, r);
            double rowSum = 0;
            for (int c = 0; c < cols; c++) {
                double d = (double) pred.get(r, c) - targets.get(r, c);
                rowSum += Math.abs(d);
                grad.set(r, c, (float) (w * Math.signum(d) / cols));
            }
            total += w * rowSum / cols;
        }
        return total;
    }

    private static double huberLoss(Tensor pred, Tensor targets, float delta, Tensor weights, Tensor grad) {
        double total = 0;
        int cols = pred.cols();
        for (int r = 0; r < pred.rows(); r++) {
            double w = weight(weights, r);
            double rowSum = 0;
            for (int c = 0; c < cols; c++) {
                double d = (double) pred.get(r, c) - targets.get(r, c);
                double a = Math.abs(d);
                rowSum += a <= delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
                grad.set(r, c, (float) (w * Math.max(-delta, Math.min(delta, d)) / cols));
            }
            total += w * rowSum / cols;
        }
        return total;
    }

    @Override
    public void dropout(Tensor x, Tensor y, Tensor mask, float p, long seed, long[] rowKeys) {
        float keepScale = 1f / (1f - p);
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < x.cols(); c++) {
                boolean dropped = Rng.uniform(seed, rowKeys[r], c) < p;
                float m = dropped ? 0f : keepScale;
                mask.set(r, c, m);
                y.set(r, c, x.get(r, c) * m);
            }
        }
    }

    @Override
    public void gatherRows(Tensor table, Tensor idx, Tensor out, int outCol) {
        for (int r = 0; r < idx.size(); r++) {
            int row = (int) idx.at(r);
            for (int j = 0; j < table.cols(); j++) {
                out.set(r, outCol + j, table.get(row, j));
            }
        }
    }

    @Override
    public void scatterAddRows(Tensor dOut, int outCol, Tensor idx, Tensor dTable) {
        for (int r = 0; r < idx.size(); r++) {
            int row = (int) idx.at(r);
            for (int j = 0; j < dTable.cols(); j++) {
                dTable.set(row, j, dTable.get(row, j) + dOut.get(r, outCol + j));
            }
        }
    }
}
