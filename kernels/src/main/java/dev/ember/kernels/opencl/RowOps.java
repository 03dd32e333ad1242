// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.opencl;

/**
 * Row-wise ops of {@link ArenaKernel}: softmax with its backward pass, and the fused losses. One
 * work-item per row {@code r < items} of a {@code cols}-wide tensor.
 *
 * <p>Losses: prediction at offA, labels or targets at offB, gradient at offC, sample weights at
 * offD when {@code code == 1}; alpha is Huber's delta. Each work-item writes its row's weighted loss {@code wᵣ·ℓᵣ} into
 * {@code stageSmall[r]}: the host gets only those {@code n} floats and sums them in double, so no
 * cross-work-item reduction (and no atomics or barriers) is needed on the device.
 */
abstract class RowOps extends ElementOps {

    RowOps(int arenaFloats, int smallFloats, int largeFloats, int keyCount) {
        super(arenaFloats, smallFloats, largeFloats, keyCount);
    }

    /** Ops from {@link #FIRST_ROW_OP} to {@link #FIRST_GEMM_OP}. */
    void rowOp(int r) {
        int base = r * cols;
        if (op == SOFTMAX) {
            softmaxRow(offA + base, offC + base);
        } else if (op == SOFTMAX_BACKWARD) {
            softmaxBackwardRow(offA + base, offB + base, offC + base);
        } else {
            float w = code == 1 ? arena[offD + r] : 1f;
            stageSmall[r] = w * lossRow(r, base, w);
        }
    }

    private float rowMax(int x) {
        float m = arena[x];
        for (int c = 1; c < cols; c++) {
            m = max(m, arena[x + c]);
        }
        return m;
    }

    private float sumExp(int x, float m) {
        float s = 0f;
        for (int c = 0; c < cols; c++) {
            s += exp(arena[x + c] - m);
        }
        return s;
    }

    /** y = softmax(x), on x − max; y may be x. */
    private void softmaxRow(int x, int y) {
        float m = rowMax(x);
        float s = sumExp(x, m);
        for (int c = 0; c < cols; c++) {
            float shifted = arena[x + c] - m;
            arena[y + c] = exp(shifted) / s;
        }
    }

    private void softmaxBackwardRow(int y, int dy, int dx) {
        float dot = 0f;
        for (int c = 0; c < cols; c++) {
            dot += arena[dy + c] * arena[y + c];
        }
        for (int c = 0; c < cols; c++) {
            arena[dx + c] = arena[y + c] * (arena[dy + c] - dot);
        }
    }

    /** ℓᵣ (unweighted); writes wᵣ·∂ℓᵣ/∂pred into the gradient row. */
    private float lossRow(int r, int base, float w) {
        // NOTE: Aparapi declares a local at its first store, so locals assigned in branches start initialised
        float loss = 0f;
        if (op == SOFTMAX_CROSS_ENTROPY) {
            loss = crossEntropyRow(offA + base, (int) arena[offB + r], offC + base, w);
        } else {
            for (int c = 0; c < cols; c++) {
                loss += pointLoss(offA + base + c, offB + base + c, offC + base + c, w);
            }
            loss = loss / cols;
        }
        return loss;
    }

    /**
     * ℓ = logΣe^z − z_label, computed on z − max like {@link #softmaxRow}. NOTE: log-probabilities
     * are (z − max) − logΣe^(z−max), never z − (max + log…): with logits near 1000 the float sum
     * max + log… would lose the low digits.
     */
    private float crossEntropyRow(int z, int label, int grad, float w) {
        float m = rowMax(z);
        float logSum = log(sumExp(z, m));
        for (int c = 0; c < cols; c++) {
            float p = exp(arena[z + c] - m - logSum);
            arena[grad + c] = w * (c == label ? p - 1f : p);
        }
        return logSum - (arena[z + label] - m);
    }

    /** One element of the column-averaged losses; writes w·g/cols, returns the element's loss. */
    private float pointLoss(int pi, int ti, int gi, float w) {
        float p = arena[pi];
        float t = arena[ti];
        float d = p - t;
        float v = 0f;
        float g = 0f;
        if (op == SIGMOID_BCE) {
            v = max(p, 0f) - p * t + log1p(exp(-abs(p)));
            g = sigmoid(p) - t;
        } else if (op == MSE) {
            v = d * d;
            g = 2f * d;
        } else if (op == L1) {
            v = abs(d);
            g = d > 0f ? 1f : (d < 0f ? -1f : 0f);
        } else {
            v = abs(d) <= alpha ? 0.5f * d * d : alpha * (abs(d) - 0.5f * alpha);
            g = min(alpha, max(-alpha, d));
        }
        arena[gi] = w * g / cols;
        return v;
    }
}
