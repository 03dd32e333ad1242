// SPDX-License-Identifier: Apache-2.0
package dev.ember.tensor;

/**
 * The operations that layers and losses need, on tensors that live where the backend computes.
 *
 * <p>Ownership: a backend allocates its tensors ({@link #allocate}); host data enters with
 * {@link #upload} and leaves with {@link #download}. A host backend may accept any host tensor, a
 * device backend only tensors it allocated. Callers never read {@code Tensor.data()} of a device
 * tensor directly. A backend instance is used by one thread at a time; concurrent tasks each get
 * their own.
 *
 * <p>Shapes are checked by callers at layer boundaries, not here in the hot path, except where an
 * implementation gets them for free. Outputs may not alias inputs unless the method says so.
 *
 * <p>Conventions: matrices are row-major; a batch is {@code n × width}, one row per sample.
 * Class labels are class indices stored as floats ({@code n × 1}), exact up to 2²⁴. Sample
 * weights are {@code n × 1}, or {@code null} for all ones. {@link #loss} returns the weighted
 * <em>sum</em> over rows, {@code Σᵣ wᵣ·ℓᵣ}, and writes {@code wᵣ·∂ℓᵣ/∂input} into its gradient
 * tensor; the single division by the batch's total weight happens on the driver.
 */
public interface Backend extends AutoCloseable {

    /** Short name: {@code reference}, {@code cpu}, {@code opencl}. */
    String name();

    /** What computes: a CPU path or an OpenCL device name. */
    String device();

    /** A zero-filled tensor owned by this backend. */
    Tensor allocate(int rows, int cols);

    /** Copies {@code dst.size()} floats from {@code src[srcOffset..]} into {@code dst}. */
    void upload(float[] src, int srcOffset, Tensor dst);

    /** Copies all of {@code src} into {@code dst[dstOffset..]}. */
    void download(Tensor src, float[] dst, int dstOffset);

    // ---- linear algebra ----

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C}, {@code op(X) = Xᵀ} when its flag is set. The three
     * forms backprop uses are NN (forward), NT ({@code dX = dY·W}) and TN ({@code dW = dYᵀ·X}).
     * With {@code beta == 0} the old contents of C are ignored (NaN included).
     */
    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c);

    /** {@code x[r][c] += bias[c]} for every row; {@code bias} has {@code x.cols()} elements. */
    void addRowVector(Tensor x, Tensor bias);

    /** Column sums: {@code out[c] = beta·out[c] + Σᵣ x[r][c]}; {@code out} has {@code x.cols()} elements. */
    void sumRows(Tensor x, float beta, Tensor out);

    /** {@code x[i] = value}. */
    void fill(Tensor x, float value);

    /** {@code out = a ⊙ b} element-wise; {@code out} may alias {@code a} or {@code b}. */
    void multiply(Tensor a, Tensor b, Tensor out);

    /** {@code dst[r][dstCol + j] = src[r][j]}: places {@code src}'s columns inside a wider tensor. */
    void copyColumns(Tensor src, Tensor dst, int dstCol);

    // ---- activations ----

    /** {@code y = f(x)}; {@code y} may alias {@code x}. */
    void activate(Activation f, float alpha, Tensor x, Tensor y);

    /**
     * {@code dx = dy ⊙ f'(x)}, given the forward input {@code x} and output {@code y = f(x)}
     * (backends use whichever is cheaper); {@code dx} may alias {@code dy}.
     */
    void activateBackward(Activation f, float alpha, Tensor x, Tensor y, Tensor dy, Tensor dx);

    /** Row-wise softmax with max subtraction; {@code probs} may alias {@code logits}. */
    void softmax(Tensor logits, Tensor probs);

    /**
     * Softmax backward for a softmax <em>layer</em>: {@code dx_j = y_j·(dy_j − Σₖ dyₖ·yₖ)} per row;
     * {@code dx} may alias {@code dy}.
     */
    void softmaxBackward(Tensor y, Tensor dy, Tensor dx);

    // ---- losses ----

    /**
     * The loss {@code f} fused with its gradient ({@link LossFunction} has the formulas): returns
     * {@code Σᵣ wᵣ·ℓᵣ} over the rows of {@code pred} and writes {@code wᵣ·∂ℓᵣ/∂pred} into
     * {@code grad} (the shape of {@code pred}). {@code targets} is {@code n × 1} class indices for
     * {@link LossFunction#CROSS_ENTROPY}, else the shape of {@code pred}; {@code param} is
     * {@link LossFunction#HUBER}'s δ and ignored by the others.
     */
    double loss(LossFunction f, float param, Tensor pred, Tensor targets, Tensor weights, Tensor grad);

    // ---- regularisation and embeddings ----

    /**
     * Inverted dropout: {@code mask[r][j] = 1/(1−p)} with probability {@code 1−p}, else 0, and
     * {@code y = x ⊙ mask}. Draw (r, j) is {@code Rng.uniform(seed, rowKeys[r], j) < p} → dropped,
     * so a mask depends on the row's global key, never on the batch layout. {@code y} may alias {@code x}.
     */
    void dropout(Tensor x, Tensor y, Tensor mask, float p, long seed, long[] rowKeys);

    /**
     * Embedding lookup into a column range: {@code out[r][outCol + j] = table[idx[r]][j]}, where
     * {@code idx} holds row indices of {@code table} as floats ({@code n × 1}).
     */
    void gatherRows(Tensor table, Tensor idx, Tensor out, int outCol);

    /** The adjoint of {@link #gatherRows}: {@code dTable[idx[r]][j] += dOut[r][outCol + j]}. */
    void scatterAddRows(Tensor dOut, int outCol, Tensor idx, Tensor dTable);

    /** Frees device resources; a host backend does nothing. */
    @Override
    default void close() {}
}
