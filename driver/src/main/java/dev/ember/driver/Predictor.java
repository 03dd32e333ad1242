// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.data.ColumnSpec;
import dev.ember.driver.data.DataPreparer;
import dev.ember.driver.data.ScoringData;
import dev.ember.driver.data.Standardizer;
import dev.ember.driver.data.Task;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.Preprocessing;
import dev.ember.worker.Batch;
import dev.ember.worker.Block;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.Engine;
import dev.ember.worker.GradientTask;
import dev.ember.worker.NetworkSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a DataFrame with a saved model: rows are packed with the model's own preprocessing, scored
 * on the executors a whole micro-batch per kernel call, and joined back to the input rows by their
 * position, so the output keeps every input column and adds {@code prediction} (a class index as a
 * double, 0/1 for binary, the value for regression) and, for classifiers, {@code probability}.
 */
public final class Predictor {
    static final String ROW = "__ember_row";
    static final int MICRO_BATCH = 512;

    private Predictor() {}

    /** The column spec that reads a model's inputs from new data (label optional, for evaluation). */
    public static ColumnSpec columns(Model model, String label) {
        Preprocessing p = model.preprocessing();
        Task task = Task.of(model.task());
        Integer classes = task == Task.CLASSIFICATION ? model.spec().outputWidth() : null;
        return new ColumnSpec(p.features(), p.categorical(), label, null, task, classes,
                model.labelNames().isEmpty() ? null : model.labelNames());
    }

    public static Standardizer standardizer(Model model) {
        Preprocessing p = model.preprocessing();
        return p.standardized() ? new Standardizer(p.mean(), p.std()) : Standardizer.identity(model.spec().numericWidth());
    }

    /** The input rows plus the prediction columns. */
    public static Dataset<Row> predict(SparkSession spark, Dataset<Row> input, Model model, ComputeSettings compute) {
        ScoringData data = DataPreparer.prepareForPrediction(input, columns(model, null), standardizer(model),
                model.preprocessing().cardinalities(), null);
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Task task = Task.of(model.task());
            Broadcast<float[]> bc = jsc.broadcast(model.params());
            String json = model.spec().toJson();
            jsc.setJobDescription("Ember predict");
            JavaRDD<Row> scored = data.blocks().mapPartitions(
                    (Iterator<Block> it) -> scorePartition(it, bc.value(), json, compute, task).iterator());
            StructType schema = new StructType(new StructField[] {
                DataTypes.createStructField(ROW, DataTypes.LongType, false),
                DataTypes.createStructField("prediction", DataTypes.DoubleType, false),
                DataTypes.createStructField("probability", DataTypes.createArrayType(DataTypes.DoubleType), true)});
            Dataset<Row> predictions = spark.createDataFrame(scored, schema);
            if (task == Task.REGRESSION) {
                predictions = predictions.drop("probability");
            }
            StructType inSchema = input.schema().add(ROW, DataTypes.LongType, false);
            JavaRDD<Row> indexed = input.toJavaRDD().zipWithIndex().map(t -> {
                Object[] values = new Object[t._1().size() + 1];
                for (int i = 0; i < t._1().size(); i++) {
                    values[i] = t._1().get(i);
                }
                values[values.length - 1] = t._2();
                return RowFactory.create(values);
            });
            Dataset<Row> out = spark.createDataFrame(indexed, inSchema).join(predictions, ROW).orderBy(ROW).drop(ROW)
                    .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
            out.count();   // materialise before the packed blocks are freed
            return out;
        } finally {
            data.unpersist();
        }
    }

    private static List<Row> scorePartition(Iterator<Block> blocks, float[] params, String json,
            ComputeSettings compute, Task task) {
        List<Row> rows = new ArrayList<>();
        Engine engine = Engine.get();
        NetworkSpec spec = engine.spec(json);
        int width = spec.outputWidth();
        try (Engine.Worker worker = engine.acquire(spec, compute, MICRO_BATCH)) {
            worker.ensureParams("predict", -1, params);
            float[] out = new float[MICRO_BATCH * width];
            Batch buffer = null;
            while (blocks.hasNext()) {
                Block block = blocks.next();
                if (buffer == null) {
                    buffer = worker.buffer(block.numericWidth(), block.categoricalWidth(), block.labelWidth());
                }
                int[] all = Evaluator.identity(block.rows());
                for (int from = 0; from < block.rows(); from += MICRO_BATCH) {
                    int n = Math.min(MICRO_BATCH, block.rows() - from);
                    worker.network().predict(GradientTask.gather(block, all, from, n, buffer, 0, 0), out);
                    for (int i = 0; i < n; i++) {
                        rows.add(row(block.globalRows()[from + i], out, i * width, width, task));
                    }
                }
            }
        }
        return rows;
    }

    private static Row row(long globalRow, float[] out, int offset, int width, Task task) {
        switch (task) {
            case CLASSIFICATION -> {
                int best = 0;
                Double[] probs = new Double[width];
                for (int c = 0; c < width; c++) {
                    probs[c] = (double) out[offset + c];
                    if (out[offset + c] > out[offset + best]) {
                        best = c;
                    }
                }
                return RowFactory.create(globalRow, (double) best, probs);
            }
            case BINARY -> {
                double p = out[offset];
                return RowFactory.create(globalRow, p > 0.5 ? 1.0 : 0.0, new Double[] {1 - p, p});
            }
            default -> {
                return RowFactory.create(globalRow, (double) out[offset], null);
            }
        }
    }
}
