// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import dev.ember.tensor.Activation;
import dev.ember.tensor.Backend;
import dev.ember.tensor.ParamLayout;
import dev.ember.tensor.Tensor;
import dev.ember.worker.nn.Dense;
import dev.ember.worker.nn.Dropout;
import dev.ember.worker.nn.Embedding;
import dev.ember.worker.nn.InputStage;
import dev.ember.worker.nn.Layer;
import dev.ember.worker.nn.LayerTensors;
import dev.ember.worker.nn.Loss;
import dev.ember.worker.nn.OutputTransform;
import java.util.List;

/**
 * Runs a {@link NetworkSpec} on a {@link Backend}: forward, backward, loss and prediction over
 * micro-batches of up to {@code maxRows} rows. The hot path of every task.
 *
 * <p>Every workspace is allocated once, in the constructor, on the backend: the parameters and the
 * gradient accumulator (one flat tensor each, laid out as {@code spec.layout()}), each layer's
 * output and output gradient, dropout masks, the label, weight and category columns. A call
 * uploads the batch, runs, and downloads only what it returns; it allocates no buffers (views are
 * rebuilt only when the row count changes).
 *
 * <p>Gradients: {@link #accumulateGradient} ADDS {@code Σᵣ wᵣ·∂ℓᵣ/∂θ} into the accumulator (Dense
 * weight gradients through gemm with beta = 1, biases through sumRows with beta = 1, embedding
 * tables through scatterAddRows), so calls over several micro-batches sum; the caller zeroes it
 * with {@link #zeroGradient} and divides by the total weight once. Weights come from
 * {@code batch.weights()}. Labels: a class index stored as a float for {@code cross_entropy}
 * (labelWidth 1, checked to lie in {@code [0, outputWidth)}); a target vector of the output width
 * for the other losses.
 *
 * <p>Not thread-safe: one network per task thread, like its backend. Closing drops the workspaces;
 * the backend belongs to the caller and stays open.
 */
public final class Network implements AutoCloseable {
    private final NetworkSpec spec;
    private final Backend backend;
    private final int maxRows;
    private final ParamLayout layout;
    private final Layer[] layers;
    private final LayerTensors[] stages;
    private final boolean[] runBackward;
    private final Tensor params;
    private final Tensor grads;
    private final InputStage inputStage;
    private final Tensor output;
    private final Tensor outputGrad;
    private final Tensor labels;
    private final Tensor weights;
    private final Views views;
    private float[] hostOutput;
    private boolean closed;

    public Network(NetworkSpec spec, Backend backend, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
        }
        this.spec = spec;
        this.backend = backend;
        this.maxRows = maxRows;
        this.layout = spec.layout();
        List<Layer> list = spec.layers();
        List<Embedding> embeddings = spec.embeddings();
        int depth = list.size();
        this.layers = list.toArray(new Layer[0]);
        this.params = backend.allocate(1, layout.total());
        this.grads = backend.allocate(1, layout.total());

        Tensor[] acts = new Tensor[depth + 1];
        Tensor[] actGrads = new Tensor[depth + 1];
        acts[0] = backend.allocate(maxRows, spec.inputWidth());
        boolean trainableBefore = !embeddings.isEmpty();
        actGrads[0] = trainableBefore ? backend.allocate(maxRows, spec.inputWidth()) : null;
        this.stages = new LayerTensors[depth];
        this.runBackward = new boolean[depth];
        for (int i = 0; i < depth; i++) {
            int width = layers[i].outputWidth(NetworkSpec.where(i, layers[i]), acts[i].cols());
            acts[i + 1] = backend.allocate(maxRows, width);
            actGrads[i + 1] = backend.allocate(maxRows, width);
            stages[i] = wire(i, new LayerTensors(acts[i], acts[i + 1], trainableBefore ? actGrads[i] : null,
                    actGrads[i + 1]));
            trainableBefore |= layers[i] instanceof Dense;
            runBackward[i] = layers[i] instanceof Dense || stages[i].needsInputGradient();
        }
        this.output = acts[depth];
        this.outputGrad = actGrads[depth];
        this.labels = backend.allocate(maxRows, spec.labelWidth());
        this.weights = backend.allocate(maxRows, 1);
        Tensor[] tables = new Tensor[embeddings.size()];
        Tensor[] tableGrads = new Tensor[embeddings.size()];
        for (int j = 0; j < tables.length; j++) {
            tables[j] = paramView(params, NetworkSpec.tableName(j));
            tableGrads[j] = paramView(grads, NetworkSpec.tableName(j));
        }
        this.inputStage = new InputStage(backend, spec.numericWidth(), embeddings, acts[0], actGrads[0], tables,
                tableGrads);
        this.views = new Views();
    }

    public NetworkSpec spec() {
        return spec;
    }

    public Backend backend() {
        return backend;
    }

    public int maxRows() {
        return maxRows;
    }

    /** Uploads a parameter vector laid out as {@code spec().layout()}. */
    public void loadParams(float[] values) {
        checkOpen();
        checkLength("params", values.length);
        backend.upload(values, 0, params);
    }

    /** Sets the gradient accumulator to zero. */
    public void zeroGradient() {
        checkOpen();
        backend.fill(grads, 0f);
    }

    /** Downloads the accumulated gradient, laid out as {@code spec().layout()}. */
    public void readGradient(float[] out) {
        checkOpen();
        checkLength("gradient", out.length);
        backend.download(grads, out, 0);
    }

    /**
     * Training-mode forward and backward over {@code batch.n()} rows: adds
     * {@code Σᵣ wᵣ·∂ℓᵣ/∂θ} into the gradient accumulator and returns {@code Σᵣ wᵣ·ℓᵣ}.
     */
    public double accumulateGradient(Batch batch) {
        int n = stage(batch, true);
        if (n == 0) {
            return 0;
        }
        forward(n, true, batch.rowKeys());
        double lossSum = evaluateLoss();
        for (int i = layers.length - 1; i >= 0; i--) {
            if (runBackward[i]) {
                layers[i].backward(backend, stages[i]);
            }
        }
        inputStage.backward();
        return lossSum;
    }

    /** Evaluation-mode forward (no dropout) returning {@code Σᵣ wᵣ·ℓᵣ}; the gradient is untouched. */
    public double loss(Batch batch) {
        int n = stage(batch, true);
        if (n == 0) {
            return 0;
        }
        forward(n, false, batch.rowKeys());
        return evaluateLoss();
    }

    /**
     * Evaluation-mode forward plus the loss's {@link OutputTransform} (softmax, sigmoid or
     * none): writes {@code n × outputWidth} floats, row-major, into {@code out}.
     */
    public void predict(Batch batch, float[] out) {
        int n = stage(batch, false);
        checkOutput(n, out);
        if (n == 0) {
            return;
        }
        forward(n, false, batch.rowKeys());
        transformOutput(n, out);
    }

    /**
     * One evaluation-mode forward pass that yields both what {@link #loss} and {@link #predict}
     * return: writes the transformed outputs into {@code out} and returns {@code Σᵣ wᵣ·ℓᵣ}. The loss
     * reads the raw outputs before the transform overwrites them; the gradient is untouched.
     */
    public double evaluate(Batch batch, float[] out) {
        int n = stage(batch, true);
        checkOutput(n, out);
        if (n == 0) {
            return 0;
        }
        forward(n, false, batch.rowKeys());
        double lossSum = evaluateLoss();
        transformOutput(n, out);
        return lossSum;
    }

    private void checkOutput(int n, float[] out) {
        int width = output.cols();
        if (out.length < n * width) {
            throw new IllegalArgumentException("prediction buffer has " + out.length + " floats, " + n + " rows × "
                    + width + " outputs need " + n * width);
        }
    }

    /** Applies the loss's output transform to the first n output rows and downloads them into {@code out}. */
    private void transformOutput(int n, float[] out) {
        int width = output.cols();
        OutputTransform transform = spec.loss().outputTransform();
        if (transform == OutputTransform.SOFTMAX) {
            backend.softmax(views.output, views.output);
        } else if (transform == OutputTransform.SIGMOID) {
            backend.activate(Activation.SIGMOID, 0f, views.output, views.output);
        }
        backend.download(views.output, out, 0);
    }

    /**
     * Evaluation-mode forward, then the variance of each {@link Dense} layer's output over all its
     * {@code n × units} elements, in layer order: what LSUV initialisation rescales by.
     */
    public double[] denseOutputVariances(Batch batch) {
        int n = stage(batch, false);
        if (n == 0) {
            throw new IllegalArgumentException("output variances need at least one row");
        }
        forward(n, false, batch.rowKeys());
        double[] variances = new double[(int) spec.layers().stream().filter(l -> l instanceof Dense).count()];
        int next = 0;
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] instanceof Dense) {
                variances[next++] = variance(stages[i].y());
            }
        }
        return variances;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Population variance of a tensor's elements, downloaded into a host buffer kept for later calls. */
    private double variance(Tensor y) {
        int size = y.size();
        if (hostOutput == null || hostOutput.length < size) {
            hostOutput = new float[maxRows * y.cols()];   // only when LSUV asks; grows to the widest layer
        }
        backend.download(y, hostOutput, 0);
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += hostOutput[i];
        }
        double mean = sum / size;
        double squares = 0;
        for (int i = 0; i < size; i++) {
            double d = hostOutput[i] - mean;
            squares += d * d;
        }
        return squares / size;
    }

    private void forward(int n, boolean training, long[] rowKeys) {
        for (int i = 0; i < layers.length; i++) {
            stages[i].bind(n, training, rowKeys);
            layers[i].forward(backend, stages[i]);
        }
    }

    private double evaluateLoss() {
        return spec.loss().evaluate(backend, views.output, views.labels, views.weights, views.outputGrad);
    }

    /** Checks the batch, uploads its inputs (and labels and weights when {@code withLabels}), returns n. */
    private int stage(Batch batch, boolean withLabels) {
        checkOpen();
        int n = batch.n();
        checkBatch(batch, withLabels);
        if (n == 0) {
            return 0;
        }
        views.bind(n);
        inputStage.forward(n, batch.features(), batch.categories());
        if (withLabels) {
            backend.upload(batch.labels(), 0, views.labels);
            backend.upload(batch.weights(), 0, views.weights);
        }
        return n;
    }

    /** Hands a Dense layer its parameter and gradient slices, a Dropout layer its mask and seed. */
    private LayerTensors wire(int i, LayerTensors t) {
        if (layers[i] instanceof Dense d) {
            t.parameters(paramView(params, NetworkSpec.weightName(i)),
                    d.bias() ? paramView(params, NetworkSpec.biasName(i)) : null,
                    paramView(grads, NetworkSpec.weightName(i)),
                    d.bias() ? paramView(grads, NetworkSpec.biasName(i)) : null);
        } else if (layers[i] instanceof Dropout) {
            t.dropout(backend.allocate(maxRows, t.outputWidth()), Dropout.seedFor(i));
        }
        return t;
    }

    /** The named slice of a flat parameter-sized tensor, as a view. */
    private Tensor paramView(Tensor flat, String name) {
        ParamLayout.Slice s = layout.slice(name);
        return new Tensor(flat.data(), flat.offset() + s.offset(), s.rows(), s.cols());
    }

    private void checkBatch(Batch batch, boolean withLabels) {
        int n = batch.n();
        if (n > maxRows) {
            throw new IllegalArgumentException("batch of " + n + " rows exceeds the network's maxRows " + maxRows);
        }
        checkBuffer("features", batch.features().length, n, spec.numericWidth());
        checkBuffer("categories", batch.categories().length, n, spec.embeddings().size());
        checkBuffer("rowKeys", batch.rowKeys().length, n, 1);
        if (!withLabels) {
            return;
        }
        checkBuffer("labels", batch.labels().length, n, spec.labelWidth());
        checkBuffer("weights", batch.weights().length, n, 1);
        if (spec.loss().classLabels()) {
            int classes = output.cols();
            float[] y = batch.labels();
            for (int r = 0; r < n; r++) {
                if (!(y[r] >= 0 && y[r] < classes && y[r] == (int) y[r])) {
                    throw new IllegalArgumentException("label of batch row " + r + " is " + y[r]
                            + ", expected a class index in [0, " + classes + ")");
                }
            }
        }
    }

    private static void checkBuffer(String what, int length, int rows, int width) {
        if (length < (long) rows * width) {
            throw new IllegalArgumentException("batch " + what + " has " + length + " values, " + rows + " rows × "
                    + width + " need " + (long) rows * width);
        }
    }

    private void checkLength(String what, int length) {
        if (length != layout.total()) {
            throw new IllegalArgumentException(what + " has " + length + " floats, the layout has " + layout.total());
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("network is closed");
        }
    }

    /** Views of the first n rows of the loss workspaces, rebuilt only when n changes. */
    private final class Views {
        private int n = -1;
        private Tensor output;
        private Tensor outputGrad;
        private Tensor labels;
        private Tensor weights;

        void bind(int rows) {
            if (rows == n) {
                return;
            }
            n = rows;
            output = Network.this.output.rows(0, rows);
            outputGrad = Network.this.outputGrad.rows(0, rows);
            labels = Network.this.labels.rows(0, rows);
            weights = Network.this.weights.rows(0, rows);
        }
    }
}
