// SPDX-License-Identifier: Apache-2.0
package dev.ember.examples;

import dev.ember.driver.ml.EmberClassifier;
import java.io.IOException;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Ember in a Spark ML pipeline: {@code StringIndexer} turns the species names into class indices,
 * {@code VectorAssembler} packs the four measurements into a vector, {@link EmberClassifier} trains a
 * small network, and {@code IndexToString} names the predicted species. The pipeline is fitted on 80%
 * of {@code examples/data/trees.csv} (made-up data, see {@link TreeData}), its accuracy measured on
 * the rest with MLlib's evaluator, saved, loaded back and checked to predict exactly the same.
 *
 * <p>Run it with {@code ./ember run-example PipelineExample [CSV] [MODEL_DIR]}.
 */
public final class PipelineExample {
    static final String[] MEASUREMENTS = {"leaf_length_cm", "leaf_width_cm", "bark_mm", "height_m"};

    /** Test accuracy, test rows, test rows whose reloaded prediction or probabilities differ, where it was saved. */
    public record Result(double accuracy, long testRows, long changedAfterReload, String savedTo) {}

    private PipelineExample() {}

    public static void main(String[] args) throws IOException {
        String csv = args.length > 0 ? args[0] : "examples/data/trees.csv";
        String modelDir = args.length > 1 ? args[1] : "ember-output/pipeline-example";
        SparkSession spark = SparkSession.builder().appName("Ember pipeline example").master("local[*]")
                .getOrCreate();
        try {
            Result r = run(spark, csv, modelDir);
            System.out.printf("test accuracy %.3f on %d rows; pipeline saved to %s; reloaded pipeline: %s%n",
                    r.accuracy(), r.testRows(), r.savedTo(), r.changedAfterReload() == 0 ? "identical predictions"
                            : r.changedAfterReload() + " rows differ");
        } finally {
            spark.stop();
        }
    }

    public static Result run(SparkSession spark, String csv, String modelDir) throws IOException {
        Dataset<Row> trees = spark.read().option("header", "true").option("inferSchema", "true").csv(csv);
        Dataset<Row>[] split = trees.randomSplit(new double[] {0.8, 0.2}, 7);
        Dataset<Row> train = split[0].cache();
        Dataset<Row> test = split[1].cache();

        StringIndexer labels = new StringIndexer().setInputCol("species").setOutputCol("label");
        VectorAssembler features = new VectorAssembler().setInputCols(MEASUREMENTS).setOutputCol("features");
        EmberClassifier ember = new EmberClassifier()
                .setLayers(new int[] {16}).setActivation("relu")
                .setOptimizer("adam").setStepSize(0.01).setMaxIter(40).setBatchSize(32).setSeed(42);
        IndexToString names = new IndexToString().setInputCol("prediction").setOutputCol("predicted_species");
        PipelineModel model = new Pipeline()
                .setStages(new PipelineStage[] {labels, features, ember, names}).fit(train);

        Dataset<Row> predicted = model.transform(test).cache();
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predicted);
        predicted.select("species", "predicted_species", "probability").show(5, false);

        model.write().overwrite().save(modelDir);
        PipelineModel loaded = PipelineModel.load(modelDir);
        List<Row> before = predicted.select("prediction", "probability").collectAsList();
        List<Row> after = loaded.transform(test).select("prediction", "probability").collectAsList();
        long changed = before.size() == after.size()
                ? java.util.stream.IntStream.range(0, before.size()).filter(i -> !before.get(i).equals(after.get(i)))
                        .count()
                : Math.max(before.size(), after.size());
        return new Result(accuracy, before.size(), changed, modelDir);
    }
}
