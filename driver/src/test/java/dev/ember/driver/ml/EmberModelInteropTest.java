// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.driver.Predictor;
import dev.ember.driver.SparkSessions;
import dev.ember.driver.TrainJob;
import dev.ember.driver.config.JobConfig;
import dev.ember.driver.config.SparkConfig;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.ModelFiles;
import dev.ember.worker.ComputeSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One model folder format for both worlds: a model trained by the {@code train} job loads as an
 * EmberClassificationModel and scores like the CLI's predictor; a model saved from Spark ML is
 * read by the CLI's predictor.
 */
class EmberModelInteropTest {
    static SparkSession spark;
    @TempDir static Path dir;
    static Path csv;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSessions.create(new SparkConfig("local[2]", Map.of("spark.ui.enabled", "false",
                "spark.driver.host", "127.0.0.1", "spark.sql.shuffle.partitions", "2")), "EmberModelInteropTest");
        Random random = new Random(23);
        List<String> lines = new ArrayList<>(List.of("x1,x2,x3,label,flag"));
        for (int i = 0; i < 240; i++) {
            int label = i % 3;
            double x1 = (label == 0 ? -2 : 2) + random.nextGaussian();
            double x2 = (label == 2 ? 2 : -2) + random.nextGaussian();
            lines.add(x1 + "," + x2 + "," + random.nextGaussian() + "," + label + "," + (x1 > 0 ? 1 : 0));
        }
        csv = dir.resolve("train.csv");
        Files.write(csv, lines);
    }

    @AfterAll
    static void stop() {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    private static Dataset<Row> table() {
        return spark.read().option("header", true).option("inferSchema", true).csv(csv.toString());
    }

    private static Path train(String name, String task, String label) throws IOException {
        Path out = dir.resolve(name);
        String yaml = """
                data: {train: %s, format: csv, features: [x1, x2, x3], label: %s, validation: 0, partitions: 2}
                model: {task: %s, layers: [{dense: 8, activation: tanh}]}
                training: {epochs: 2, batch_size: 32, seed: 5, log_every_steps: 1000}
                output: %s
                """.formatted(csv, label, task, out);
        TrainJob.run(spark, JobConfig.parse(yaml, List.of()), new PrintStream(OutputStream.nullOutputStream()));
        return out;
    }

    private static Model read(Path folder) {
        return ModelFiles.read(new org.apache.hadoop.fs.Path(folder.toString()), new Configuration());
    }

    /** Asserts equal predictions and class-1 probabilities (float softmax vs double softmax of the logits). */
    private static void assertSameScores(List<Row> cli, List<Row> ml) {
        assertEquals(cli.size(), ml.size());
        for (int i = 0; i < cli.size(); i++) {
            assertEquals(cli.get(i).getDouble(0), ml.get(i).getDouble(0), "prediction of row " + i);
            double expected = cli.get(i).getList(1).get(1) instanceof Double d ? d : Double.NaN;
            assertEquals(expected, ((Vector) ml.get(i).get(1)).apply(1), 1e-5, "probability of row " + i);
        }
    }

    @Test
    void aCliClassificationModelLoadsAndScoresLikeTheCliPredictor() throws IOException {
        Path folder = train("cli-multi", "classification", "label");
        EmberClassificationModel model = EmberClassificationModel.load(folder.toString());
        assertEquals(3, model.numClasses());
        List<Row> ml = model.transform(table()).select("prediction", "probability").collectAsList();
        List<Row> cli = Predictor.predict(spark, table(), read(folder), ComputeSettings.defaults())
                .select("prediction", "probability").collectAsList();
        assertSameScores(cli, ml);
    }

    @Test
    void aCliBinaryModelGivesTwoClassProbabilities() throws IOException {
        Path folder = train("cli-binary", "binary", "flag");
        EmberClassificationModel model = EmberClassificationModel.load(folder.toString());
        assertEquals(2, model.numClasses());
        Dataset<Row> scored = model.transform(table());
        List<Row> ml = scored.select("prediction", "probability").collectAsList();
        List<Row> cli = Predictor.predict(spark, table(), read(folder), ComputeSettings.defaults())
                .select("prediction", "probability").collectAsList();
        assertSameScores(cli, ml);
        Row first = scored.select("rawPrediction", "probability", "x1", "x2", "x3").first();
        Vector raw = first.getAs(0);
        assertEquals(-raw.apply(0), raw.apply(1), 0.0);
        assertEquals(1 / (1 + Math.exp(-raw.apply(1))), ((Vector) first.getAs(1)).apply(1), 1e-12);
        Vector features = Vectors.dense(first.getDouble(2), first.getDouble(3), first.getDouble(4));
        assertArrayEquals(((Vector) first.getAs(1)).toArray(), model.predictProbability(features).toArray(), 1e-12,
                "the single-row path agrees with transform");
    }

    @Test
    void aSparkSavedModelIsReadByTheCliPredictor() throws IOException {
        Dataset<Row> data = new VectorAssembler().setInputCols(new String[] {"x1", "x2", "x3"})
                .setOutputCol("features").transform(table().withColumn("label", functions.col("label").cast("double")));
        EmberClassificationModel model = new EmberClassifier().setLayers(new int[] {4}).setMaxIter(2).setSeed(3)
                .fit(data);
        Path saved = dir.resolve("spark-saved");
        model.write().save(saved.toString());
        assertTrue(Files.exists(saved.resolve(ModelFiles.MODEL_JSON)) && Files.exists(saved.resolve("metadata")));
        List<Row> cli = Predictor.predict(spark, data, read(saved), ComputeSettings.defaults())
                .select("prediction", "probability").collectAsList();
        List<Row> ml = model.transform(data).select("prediction", "probability").collectAsList();
        assertSameScores(cli, ml);
    }
}
