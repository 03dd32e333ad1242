// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.score.MicroBatchScorer;
import dev.ember.driver.data.ColumnSpec;
import dev.ember.driver.data.DataException;
import dev.ember.driver.data.Standardizer;
import dev.ember.driver.config.Task;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.Preprocessing;
import dev.ember.worker.ComputeSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Scores a DataFrame with a saved model for {@code ember predict}, through the same
 * {@link MicroBatchScorer} as the Spark ML models' {@code transform}: one pass over the input
 * partitions, a whole micro-batch per forward pass. The output keeps every input column, in order,
 * and adds {@code prediction} (a class index as a double, 0/1 for binary, the value for regression,
 * a vector of values for several targets) and, for classifiers, {@code probability} (an array of
 * doubles, one per class).
 */
public final class Predictor {
    static final String PREDICTION = "prediction";
    static final String PROBABILITY = "probability";

    private Predictor() {}

    /** The column spec that reads a model's inputs from new data (label optional, for evaluation). */
    public static ColumnSpec columns(Model model, String label) {
        Preprocessing p = model.preprocessing();
        Task task = model.task();
        Integer classes = task == Task.CLASSIFICATION ? model.spec().outputWidth() : null;
        return new ColumnSpec(p.features(), p.categorical(), label, null, task, classes,
                model.labelNames().isEmpty() ? null : model.labelNames());
    }

    public static Standardizer standardizer(Model model) {
        Preprocessing p = model.preprocessing();
        return p.standardized() ? new Standardizer(p.mean(), p.std())
                : Standardizer.identity(model.spec().numericWidth());
    }

    /**
     * The input rows plus the prediction columns, computed and kept (memory and disk) before this
     * returns, so a row that cannot be scored fails here, before anything is written.
     */
    public static Dataset<Row> predict(SparkSession spark, Dataset<Row> input, Model model, ComputeSettings compute) {
        boolean classifier = model.task() != Task.REGRESSION;
        MicroBatchScorer scorer = new MicroBatchScorer(model, compute);
        MicroBatchScorer.Columns cols = new MicroBatchScorer.Columns("", classifier ? PROBABILITY : "", PREDICTION);
        Dataset<Row> scored;
        try {
            scored = scorer.transform(input, model.preprocessing().features().get(0), cols);
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage() + ": check --input and --format", e);
        }
        if (classifier) {
            scored = scored.select(cliColumns(input)).withColumn(PROBABILITY,
                    org.apache.spark.ml.functions.vector_to_array(functions.col(PROBABILITY), "float64"));
        }
        spark.sparkContext().setJobDescription("Ember predict");
        Dataset<Row> out = scored.persist(StorageLevel.MEMORY_AND_DISK());
        out.count();
        return out;
    }

    /** The input columns, then prediction, then probability (the scorer appends probability first). */
    private static Column[] cliColumns(Dataset<Row> input) {
        List<Column> cols = new ArrayList<>();
        for (String name : input.columns()) {
            cols.add(functions.col("`" + name.replace("`", "``") + "`"));
        }
        cols.add(functions.col(PREDICTION));
        cols.add(functions.col(PROBABILITY));
        return cols.toArray(new Column[0]);
    }
}
