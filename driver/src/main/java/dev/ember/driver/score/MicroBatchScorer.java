// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.score;

import dev.ember.driver.config.Task;
import dev.ember.driver.data.DataException;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.Preprocessing;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.Engine;
import dev.ember.worker.NetworkSpec;
import dev.ember.worker.ScoringTask;
import dev.ember.worker.nn.Layer;
import dev.ember.worker.nn.Mse;
import dev.ember.worker.nn.Sigmoid;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The one scoring path of Ember, shared by the Spark ML models' {@code transform} and the CLI's
 * {@code predict}: one {@code mapPartitions} over the input rows (no shuffle, no join, row order
 * kept) that packs up to {@link #MICRO_BATCH} rows (features standardised as in training,
 * categories checked), runs them through the executor's network in one forward pass, and
 * emits each input row with rawPrediction, probability and prediction appended.
 *
 * <p>The network is scored without its loss's output transform, so the forward pass yields logits:
 * a classifier's rawPrediction is its K logits and probability their softmax; a binary model's one
 * logit z becomes rawPrediction [−z, z] and probability [1 − σ(z), σ(z)]; prediction is the index of
 * the largest logit. A regression model appends only prediction (a double, or a vector for several
 * targets). A row that cannot be scored (null, NaN or infinite feature, unknown category) fails the
 * task with a {@link DataException} naming the column.
 */
public final class MicroBatchScorer implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Rows per forward pass. */
    static final int MICRO_BATCH = Engine.DEFAULT_MICRO_BATCH;

    /** Names of the output columns, appended in this order; an empty name leaves that column out. */
    public record Columns(String rawPrediction, String probability, String prediction) implements Serializable {
        private static final long serialVersionUID = 1L;

        int count() {
            return (rawPrediction.isEmpty() ? 0 : 1) + (probability.isEmpty() ? 0 : 1) + (prediction.isEmpty() ? 0 : 1);
        }
    }

    private final String logitsSpecJson;
    private final String runId = "score-" + UUID.randomUUID();
    private final Preprocessing preprocessing;
    private final int numericWidth;
    private final int outputWidth;
    private final float[] mean;
    private final float[] inverseStd;
    private final boolean binary;
    private final boolean regression;
    private final boolean sigmoidOutput;
    private final ComputeSettings compute;
    private final transient float[] params;

    public MicroBatchScorer(Model model, ComputeSettings compute) {
        NetworkSpec spec = model.spec();
        List<Layer> layers = spec.layers();
        // Same layers and parameter layout; a loss without output transform makes predict() return the raw outputs.
        this.logitsSpecJson = new NetworkSpec(spec.numericWidth(), spec.embeddings(), layers, new Mse(),
                spec.outputWidth()).toJson();
        this.preprocessing = model.preprocessing();
        this.numericWidth = spec.numericWidth();
        this.outputWidth = spec.outputWidth();
        this.mean = preprocessing.mean();
        this.inverseStd = preprocessing.std() == null ? null : inverse(preprocessing.std());
        this.regression = model.task() == Task.REGRESSION;
        this.binary = !regression && outputWidth == 1;
        this.sigmoidOutput = binary && !layers.isEmpty() && layers.get(layers.size() - 1) instanceof Sigmoid;
        this.compute = compute;
        this.params = model.params();
    }

    /** The number of classes of a classifier (2 for a binary model of one output). */
    public int numClasses() {
        return binary ? 2 : outputWidth;
    }

    /** {@code schema} plus the output columns; throws IllegalArgumentException naming a missing or clashing column. */
    public StructType transformSchema(StructType schema, String featuresCol, Columns cols) {
        ScoringInputs.resolve(preprocessing, featuresCol, schema);
        if (regression && !(cols.rawPrediction().isEmpty() && cols.probability().isEmpty())) {
            throw new IllegalArgumentException("a regression model has no rawPrediction or probability column");
        }
        StructType out = schema;
        out = add(out, cols.rawPrediction(), SQLDataTypes.VectorType());
        out = add(out, cols.probability(), SQLDataTypes.VectorType());
        return add(out, cols.prediction(),
                regression && outputWidth > 1 ? SQLDataTypes.VectorType() : DataTypes.DoubleType);
    }

    /** Lazily scores {@code data}: its rows, in order, with the {@code cols} columns appended. */
    public Dataset<Row> transform(Dataset<?> data, String featuresCol, Columns cols) {
        StructType out = transformSchema(data.schema(), featuresCol, cols);
        ScoringInputs in = ScoringInputs.resolve(preprocessing, featuresCol, data.schema());
        Broadcast<float[]> weights = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext())
                .broadcast(params);
        return data.toDF().mapPartitions((MapPartitionsFunction<Row, Row>) rows ->
                score(rows, in, cols, weights.value()), Encoders.row(out));
    }

    /** Lazily scores {@code rows}, a micro-batch at a time, appending the {@code cols} columns to each. */
    Iterator<Row> score(Iterator<Row> rows, ScoringInputs in, Columns cols, float[] weights) {
        return new Iterator<>() {
            private final List<Row> pending = new ArrayList<>(MICRO_BATCH);
            private final List<Row> ready = new ArrayList<>(MICRO_BATCH);
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
                    scoreBatch(pending, in, cols, weights, ready);
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

    /** The raw outputs of one feature vector (one forward pass of one row: for single-row APIs only). */
    public Vector raw(Vector features) {
        ScoringInputs in = new ScoringInputs(ScoringInputs.Kind.VECTOR, new int[] {0}, new String[] {"features"},
                new int[0], new String[0]);
        Row row = RowFactory.create(features);
        double[] raw = raw(forward(List.of(row), in, params), 0);
        checkFinite(raw, row, in);
        return new DenseVector(raw);
    }

    private void scoreBatch(List<Row> rows, ScoringInputs in, Columns cols, float[] weights, List<Row> into) {
        float[] logits = forward(rows, in, weights);
        for (int r = 0; r < rows.size(); r++) {
            into.add(output(rows.get(r), in, logits, r * outputWidth, cols));
        }
    }

    /** The network's outputs for {@code rows}, row-major: one forward pass on the executor's network. */
    private float[] forward(List<Row> rows, ScoringInputs in, float[] weights) {
        int[] cardinalities = preprocessing.cardinalities();
        int categories = cardinalities.length;
        return ScoringTask.run(logitsSpecJson, compute, MICRO_BATCH, runId, 0, weights, rows.size(), (b, n) -> {
            for (int r = 0; r < n; r++) {
                Row row = rows.get(r);
                in.read(row, b.features(), r * numericWidth, numericWidth, mean, inverseStd);
                in.readCategories(row, b.categories(), r * categories, cardinalities);
            }
        });
    }

    private Row output(Row row, ScoringInputs in, float[] out, int offset, Columns cols) {
        Object[] values = new Object[row.size() + cols.count()];
        for (int i = 0; i < row.size(); i++) {
            values[i] = row.get(i);
        }
        int at = row.size();
        double[] raw = raw(out, offset);
        checkFinite(raw, row, in);
        if (regression) {
            if (!cols.prediction().isEmpty()) {
                values[at] = raw.length == 1 ? (Object) raw[0] : new DenseVector(raw);
            }
            return RowFactory.create(values);
        }
        if (!cols.rawPrediction().isEmpty()) {
            values[at++] = new DenseVector(raw);
        }
        if (!cols.probability().isEmpty()) {
            values[at++] = new DenseVector(probabilities(raw, binary));
        }
        if (!cols.prediction().isEmpty()) {
            values[at] = (double) argmax(raw);
        }
        return RowFactory.create(values);
    }

    /** The row's raw outputs as doubles: the logits, or [−z, z] for a binary model's one logit z. */
    private double[] raw(float[] out, int offset) {
        if (binary) {
            double p0 = out[offset];
            double z = sigmoidOutput ? Math.log(p0) - Math.log1p(-p0) : p0;
            return new double[] {-z, z};
        }
        double[] raw = new double[outputWidth];
        for (int c = 0; c < outputWidth; c++) {
            raw[c] = out[offset + c];
        }
        return raw;
    }

    private void checkFinite(double[] raw, Row row, ScoringInputs in) {
        for (double z : raw) {
            if (!Double.isFinite(z)) {
                rejectNonFinite(row, in);
                return;
            }
        }
    }

    /**
     * A non-finite output comes from a NaN or infinite input, which this finds and names; checking the
     * few outputs instead of every input keeps the check off the hot path. Returns when all inputs are
     * finite (the network itself overflowed: the NaN output is the answer).
     */
    private void rejectNonFinite(Row row, ScoringInputs in) {
        float[] x = new float[numericWidth];
        in.read(row, x, 0, numericWidth, mean, inverseStd);
        for (int j = 0; j < numericWidth; j++) {
            if (!Float.isFinite(x[j])) {
                throw new DataException("feature " + in.featureName(j) + " is " + (Float.isNaN(x[j]) ? "NaN"
                        : "infinite") + " in a row to score: drop or impute such rows first");
            }
        }
    }

    /** The probabilities of a rawPrediction: [1 − σ(z), σ(z)] of a binary model's [−z, z], else the softmax. */
    public static double[] probabilities(double[] raw, boolean binary) {
        if (binary) {
            double p = 1 / (1 + Math.exp(-raw[1]));
            return new double[] {1 - p, p};
        }
        return softmax(raw);
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

    private static StructType add(StructType schema, String name, DataType type) {
        if (name.isEmpty()) {
            return schema;
        }
        if (Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("output column '" + name + "' already exists in the input");
        }
        return schema.add(name, type, false);
    }

    private static float[] inverse(float[] std) {
        float[] inv = new float[std.length];
        for (int j = 0; j < std.length; j++) {
            inv[j] = 1f / std[j];
        }
        return inv;
    }
}
