// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import dev.ember.driver.model.Model;
import dev.ember.driver.model.Preprocessing;
import dev.ember.worker.Batch;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.Engine;
import dev.ember.worker.NetworkSpec;
import dev.ember.worker.nn.Layer;
import dev.ember.worker.nn.Mse;
import dev.ember.worker.nn.Sigmoid;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Scores rows on an executor a micro-batch at a time: up to {@link #MICRO_BATCH} rows are packed
 * (features standardised as in training, categories checked), run through the executor's
 * {@link Engine} in one forward pass, and emitted with rawPrediction, probability and prediction
 * appended. The network is scored without its loss's output transform, so the forward pass yields
 * logits: a classifier's rawPrediction is its K logits and probability their softmax; a binary
 * model's one logit z becomes rawPrediction [−z, z] and probability [1 − σ(z), σ(z)].
 */
final class MicroBatchScorer implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int MICRO_BATCH = 512;

    /** Where a row's inputs are: feature columns (one vector column, or numeric ones), categorical columns. */
    record Inputs(boolean vector, int[] features, String[] featureNames, int[] categorical, String[] categoricalNames)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Which output columns to append, in this order (rawPrediction, probability, prediction). */
    record Outputs(boolean raw, boolean probability, boolean prediction) implements Serializable {
        private static final long serialVersionUID = 1L;

        int count() {
            return (raw ? 1 : 0) + (probability ? 1 : 0) + (prediction ? 1 : 0);
        }
    }

    private final String logitsSpecJson;
    private final String runId;
    private final int numericWidth;
    private final int[] cardinalities;
    private final float[] mean;
    private final float[] inverseStd;
    private final boolean binary;
    private final boolean regression;
    private final boolean sigmoidOutput;
    private final ComputeSettings compute;

    MicroBatchScorer(Model model, String runId, ComputeSettings compute) {
        NetworkSpec spec = model.spec();
        List<Layer> layers = spec.layers();
        // Same layers and parameter layout; a loss without output transform makes predict() return the raw outputs.
        this.logitsSpecJson = new NetworkSpec(spec.numericWidth(), spec.embeddings(), layers, new Mse(),
                spec.outputWidth()).toJson();
        this.runId = runId;
        this.numericWidth = spec.numericWidth();
        Preprocessing p = model.preprocessing();
        this.cardinalities = p.cardinalities().clone();
        this.mean = p.mean();
        this.inverseStd = p.std() == null ? null : inverse(p.std());
        this.regression = model.task().equals("regression");
        this.binary = !regression && spec.outputWidth() == 1;
        this.sigmoidOutput = binary && !layers.isEmpty() && layers.get(layers.size() - 1) instanceof Sigmoid;
        this.compute = compute;
    }

    int numClasses(int outputWidth) {
        return binary ? 2 : outputWidth;
    }

    /** Lazily scores {@code rows}, appending the {@code outputs} columns to each. */
    Iterator<Row> score(Iterator<Row> rows, Inputs in, Outputs outs, float[] params) {
        return new Iterator<>() {
            private final List<Row> pending = new ArrayList<>();
            private final List<Row> ready = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < ready.size()) {
                    return true;
                }
                ready.clear();
                next = 0;
                pending.clear();
                while (rows.hasNext() && pending.size() < MICRO_BATCH) {
                    pending.add(rows.next());
                }
                if (!pending.isEmpty()) {
                    scoreBatch(pending, in, outs, params, ready);
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }

    /** The rawPrediction of one feature vector (one forward pass of one row: for single-row APIs only). */
    Vector raw(Vector features, float[] params) {
        List<Row> out = new ArrayList<>();
        scoreBatch(List.of(RowFactory.create(features)), new Inputs(true, new int[] {0}, new String[] {"features"},
                new int[0], new String[0]), new Outputs(true, false, false), params, out);
        return (Vector) out.get(0).get(1);
    }

    private void scoreBatch(List<Row> rows, Inputs in, Outputs outs, float[] params, List<Row> into) {
        int n = rows.size();
        Engine engine = Engine.get();
        NetworkSpec spec = engine.spec(logitsSpecJson);
        int width = spec.outputWidth();
        float[] logits = new float[n * width];
        try (Engine.Worker worker = engine.acquire(spec, compute, MICRO_BATCH)) {
            worker.ensureParams(runId, 0, params);
            Batch buffer = worker.buffer(numericWidth, cardinalities.length, spec.labelWidth());
            for (int r = 0; r < n; r++) {
                pack(rows.get(r), in, buffer, r);
            }
            worker.network().predict(buffer.withRows(n), logits);
        }
        for (int r = 0; r < n; r++) {
            into.add(output(rows.get(r), logits, r * width, width, outs));
        }
    }

    private void pack(Row row, Inputs in, Batch b, int r) {
        float[] x = b.features();
        int base = r * numericWidth;
        if (in.vector()) {
            Object value = row.get(in.features()[0]);
            if (!(value instanceof Vector v)) {
                throw new IllegalArgumentException("feature column '" + in.featureNames()[0] + "' is "
                        + (value == null ? "null" : "not a vector") + " in a row to score");
            }
            if (v.size() != numericWidth) {
                throw new IllegalArgumentException("feature column '" + in.featureNames()[0] + "' holds a vector of "
                        + v.size() + " values, but the model was trained on " + numericWidth);
            }
            for (int j = 0; j < numericWidth; j++) {
                x[base + j] = (float) v.apply(j);
            }
        } else {
            for (int j = 0; j < numericWidth; j++) {
                x[base + j] = (float) number(row, in.features()[j], in.featureNames()[j]);
            }
        }
        if (mean != null) {
            for (int j = 0; j < numericWidth; j++) {
                x[base + j] = (x[base + j] - mean[j]) * inverseStd[j];
            }
        }
        for (int c = 0; c < cardinalities.length; c++) {
            double v = number(row, in.categorical()[c], in.categoricalNames()[c]);
            if (!(v >= 0 && v < cardinalities[c] && v == Math.floor(v))) {
                throw new IllegalArgumentException("categorical column '" + in.categoricalNames()[c] + "' has value "
                        + v + ", but the model knows the categories 0 .. " + (cardinalities[c] - 1));
            }
            b.categories()[r * cardinalities.length + c] = (float) v;
        }
        b.rowKeys()[r] = 0;
    }

    private static double number(Row row, int index, String name) {
        Object value = row.get(index);
        if (!(value instanceof Number num)) {
            throw new IllegalArgumentException("column '" + name + "' is " + (value == null ? "null" : "not a number")
                    + " in a row to score");
        }
        return num.doubleValue();
    }

    private Row output(Row row, float[] out, int offset, int width, Outputs outs) {
        if (regression) {
            return append(row, outs, null, null, out[offset]);
        }
        double[] raw;
        double[] prob;
        if (binary) {
            double p0 = out[offset];
            double z = sigmoidOutput ? Math.log(p0) - Math.log1p(-p0) : p0;
            raw = new double[] {-z, z};
        } else {
            raw = new double[width];
            for (int c = 0; c < width; c++) {
                raw[c] = out[offset + c];
            }
        }
        prob = probabilities(raw, binary);
        return append(row, outs, raw, prob, argmax(raw));
    }

    private static Row append(Row row, Outputs outs, double[] raw, double[] prob, double prediction) {
        Object[] values = new Object[row.size() + outs.count()];
        for (int i = 0; i < row.size(); i++) {
            values[i] = row.get(i);
        }
        int at = row.size();
        if (outs.raw()) {
            values[at++] = new DenseVector(raw == null ? new double[] {prediction} : raw);
        }
        if (outs.probability()) {
            values[at++] = Vectors.dense(prob);
        }
        if (outs.prediction()) {
            values[at] = prediction;
        }
        return RowFactory.create(values);
    }

    /** The probabilities of a rawPrediction: [1 − σ(z), σ(z)] of a binary model's [−z, z], else the softmax. */
    static double[] probabilities(double[] raw, boolean binary) {
        if (binary) {
            double p = 1 / (1 + Math.exp(-raw[1]));
            return new double[] {1 - p, p};
        }
        return softmax(raw);
    }

    /**
     * The input columns of {@code model} in {@code schema}: {@code featuresCol} for a model of one
     * vector column, else the columns it was trained on (an {@code ember train} model of numeric and
     * categorical columns).
     */
    static Inputs inputs(Model model, String featuresCol, StructType schema) {
        Preprocessing p = model.preprocessing();
        boolean single = p.features().size() == 1 && p.categorical().isEmpty();
        List<String> features = single ? List.of(featuresCol) : p.features();
        boolean vector = features.size() == 1
                && field(schema, features.get(0)).dataType().equals(SQLDataTypes.VectorType());
        int[] fi = features.stream().mapToInt(c -> schema.fieldIndex(field(schema, c).name())).toArray();
        int[] ci = p.categorical().stream().mapToInt(c -> schema.fieldIndex(field(schema, c).name())).toArray();
        return new Inputs(vector, fi, features.toArray(new String[0]), ci, p.categorical().toArray(new String[0]));
    }

    private static StructField field(StructType schema, String name) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("input column '" + name + "' is missing; the data has "
                    + Arrays.toString(schema.fieldNames()));
        }
        return schema.apply(name);
    }

    /** Softmax of {@code z}, shifted by its maximum so no exponent overflows. */
    static double[] softmax(double[] z) {
        double max = z[argmax(z)];
        double[] p = new double[z.length];
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    static int argmax(double[] z) {
        int best = 0;
        for (int c = 1; c < z.length; c++) {
            if (z[c] > z[best]) {
                best = c;
            }
        }
        return best;
    }

    private static float[] inverse(float[] std) {
        float[] inv = new float[std.length];
        for (int j = 0; j < std.length; j++) {
            inv[j] = 1f / std[j];
        }
        return inv;
    }
}
