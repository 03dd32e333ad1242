// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.driver.Evaluator;
import dev.ember.driver.Predictor;
import dev.ember.driver.SparkSessions;
import dev.ember.driver.TrainJob;
import dev.ember.driver.config.ConfigException;
import dev.ember.driver.config.JobConfig;
import dev.ember.driver.config.SparkConfig;
import dev.ember.driver.data.DataPreparer;
import dev.ember.driver.data.ScoringData;
import dev.ember.driver.config.Task;
import dev.ember.driver.metrics.EvaluationResult;
import dev.ember.driver.model.Model;
import dev.ember.worker.ComputeSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EmberClassifier as a Spark ML stage: pipelines, persistence, MLlib's evaluator and CrossValidator. */
class EmberClassifierTest {
    static SparkSession spark;
    static Dataset<Row> raw;
    static VectorAssembler assembler;
    @TempDir static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSessions.create(new SparkConfig("local[2]", Map.of("spark.ui.enabled", "false",
                "spark.driver.host", "127.0.0.1", "spark.sql.shuffle.partitions", "2")), "EmberClassifierTest");
        // Three classes told apart by the signs of two noisy features; a third column is noise at a large scale.
        Random random = new Random(11);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int label = i % 3;
            double x1 = (label == 0 ? -2 : 2) + 0.7 * random.nextGaussian();
            double x2 = (label == 2 ? 2 : -2) + 0.7 * random.nextGaussian();
            rows.add(RowFactory.create(x1, x2, 40 * random.nextGaussian(), (double) label));
        }
        StructType schema = new StructType().add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType)
                .add("x3", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
        raw = spark.createDataFrame(rows, schema).repartition(2).cache();
        assembler = new VectorAssembler().setInputCols(new String[] {"x1", "x2", "x3"}).setOutputCol("features");
    }

    @AfterAll
    static void stop() {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    @Test
    void theSameConfigThroughEmberTrainAndFitGivesBitIdenticalParameters() throws Exception {
        String table = dir.resolve("same-run.parquet").toString();
        raw.coalesce(1).write().parquet(table);
        JobConfig cfg = JobConfig.parse("""
                data: {train: '%s', format: parquet, features: [x1, x2, x3], label: label, validation: 0,
                       standardize: true, partitions: 2}
                model: {task: classification, layers: [{dense: 8, activation: tanh}]}
                training: {epochs: 3, batch_size: 32, seed: 9, optimizer: {name: sgd, lr: 0.05}}
                output: '%s'
                """.formatted(table, dir.resolve("same-run-model")), List.of());
        Model cli = TrainJob.run(spark, cfg, new PrintStream(OutputStream.nullOutputStream())).model();
        Model fit = new EmberClassifier().setLayers(new int[] {8}).setActivation("tanh").setOptimizer("sgd")
                .setStepSize(0.05).setMaxIter(3).setBatchSize(32).setSeed(9)
                .fit(assembler.transform(spark.read().parquet(table))).emberModel();
        assertEquals(cli.spec().toJson(), fit.spec().toJson(), "the same network");
        assertArrayEquals(cli.preprocessing().mean(), fit.preprocessing().mean(), "the same standardisation");
        assertArrayEquals(cli.params(), fit.params(), "the same parameters, bit for bit");
    }

    @Test
    void aModelTooLargeForTheDriverIsRefusedBeforeTheFirstStep() {
        EmberClassifier huge = classifier().setLayers(new int[] {12000, 12000});
        ConfigException e = assertThrows(ConfigException.class, () -> huge.fit(assembler.transform(raw)));
        assertTrue(e.getMessage().contains("144096003 parameters") && e.getMessage().contains("spark."),
                "names the parameter count and the Spark setting to raise: " + e.getMessage());
    }

    private static EmberClassifier classifier() {
        return new EmberClassifier().setLayers(new int[] {8}).setMaxIter(8).setBatchSize(50).setStepSize(0.03)
                .setSeed(7);
    }

    private static double accuracy(Dataset<Row> predictions) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions);
    }

    @Test
    void pipelineFitsTransformsSavesAndLoadsWithIdenticalPredictions() throws Exception {
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, classifier()});
        PipelineModel fitted = pipeline.fit(raw);
        Dataset<Row> out = fitted.transform(raw);
        assertTrue(List.of(out.columns()).containsAll(List.of("rawPrediction", "probability", "prediction")));
        assertTrue(accuracy(out) > 0.9, "accuracy " + accuracy(out));
        Vector p = out.select("probability").first().getAs(0);
        assertEquals(3, p.size());
        assertEquals(1.0, p.toArray()[0] + p.toArray()[1] + p.toArray()[2], 1e-9);

        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        List<Row> before = out.select("rawPrediction", "probability", "prediction").collectAsList();
        List<Row> after = loaded.transform(raw).select("rawPrediction", "probability", "prediction").collectAsList();
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(((Vector) before.get(i).get(0)).toArray(), ((Vector) after.get(i).get(0)).toArray(), 0.0);
            assertArrayEquals(((Vector) before.get(i).get(1)).toArray(), ((Vector) after.get(i).get(1)).toArray(), 0.0);
            assertEquals(before.get(i).getDouble(2), after.get(i).getDouble(2));
        }
        EmberClassificationModel stage = (EmberClassificationModel) loaded.stages()[1];
        assertEquals(3, stage.numClasses());
        assertEquals(fitted.stages()[1].uid(), stage.uid());
        Row first = out.select("features", "probability", "prediction").first();
        assertArrayEquals(((Vector) first.get(1)).toArray(), stage.predictProbability(first.getAs(0)).toArray(), 1e-12,
                "the single-row path agrees with transform");
        assertEquals(first.getDouble(2), stage.predict(first.getAs(0)));
        Attribute predicted = Attribute.fromStructField(out.schema().apply("prediction"));
        assertEquals(3, ((NominalAttribute) predicted).getNumValues().get());
    }

    @Test
    void theUnfittedEstimatorSavesAndLoadsItsParams() throws Exception {
        EmberClassifier clf = classifier().setLayers(new int[] {5, 3}).setOptimizer("sgd").setWeightCol("w");
        String path = dir.resolve("estimator").toString();
        new Pipeline().setStages(new PipelineStage[] {assembler, clf}).write().overwrite().save(path);
        EmberClassifier loaded = (EmberClassifier) Pipeline.load(path).getStages()[1];
        assertEquals(clf.uid(), loaded.uid());
        assertArrayEquals(new int[] {5, 3}, loaded.getLayers());
        assertEquals("sgd", loaded.getOptimizer());
        assertEquals(0.03, loaded.getStepSize());
        assertEquals("w", loaded.getWeightCol());
        assertEquals(clf.getSeed(), loaded.getSeed());
    }

    @Test
    void rowsOfWeightZeroTeachNothing() {
        Dataset<Row> data = assembler.transform(raw)
                .withColumn("w", functions.when(functions.col("label").equalTo(2.0), 0.0).otherwise(1.0));
        long class2Unweighted = classifier().fit(data).transform(data).where("prediction = 2").count();
        long class2Weighted = classifier().setWeightCol("w").fit(data).transform(data).where("prediction = 2").count();
        assertTrue(class2Unweighted >= 90, class2Unweighted + " rows predicted as class 2 of 100");
        assertEquals(0, class2Weighted, "class 2 only ever had weight 0");
    }

    @Test
    void mllibAccuracyEqualsEmbersOwnEvaluator() {
        Dataset<Row> data = assembler.transform(raw);
        EmberClassificationModel model = classifier().setMaxIter(3).fit(data);
        double mllib = accuracy(model.transform(data));

        Model m = model.emberModel();
        ScoringData blocks = DataPreparer.prepareForPrediction(data, Predictor.columns(m, "label"),
                Predictor.standardizer(m), m.preprocessing().cardinalities(), null);
        try {
            EvaluationResult r = Evaluator.evaluate(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                    blocks.blocks(), m.params(), m.spec().toJson(), ComputeSettings.defaults(), Task.CLASSIFICATION,
                    3, 512, "test evaluation");
            assertEquals(r.values().get("accuracy"), mllib, 1e-12);
        } finally {
            blocks.unpersist();
        }
    }

    @Test
    void crossValidatorPicksTheLearningRateThatLearns() {
        EmberClassifier clf = classifier().setMaxIter(4);
        ParamMap[] grid = new ParamGridBuilder().addGrid(clf.stepSize(), new double[] {1e-5, 0.03}).build();
        CrossValidator cv = new CrossValidator().setEstimator(clf).setEstimatorParamMaps(grid).setNumFolds(2)
                .setSeed(3).setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"));
        CrossValidatorModel best = cv.fit(assembler.transform(raw));
        double[] metrics = best.avgMetrics();
        assertEquals(2, metrics.length);
        assertTrue(metrics[1] > metrics[0], "accuracy at 1e-5 " + metrics[0] + ", at 0.03 " + metrics[1]);
        EmberClassificationModel chosen = (EmberClassificationModel) best.bestModel();
        assertNotNull(chosen.emberModel());
        assertEquals(0.03, ((EmberClassifier) chosen.parent()).getStepSize());
    }

    @Test
    void explainParamsDescribesEmbersParams() {
        String text = classifier().explainParams();
        for (String name : List.of("layers", "activation", "optimizer", "stepSize", "maxIter", "batchSize", "seed",
                "weightCol", "featuresCol", "probabilityCol")) {
            assertTrue(text.contains(name + ":"), name + " missing from " + text);
        }
        assertTrue(text.contains("stepSize: learning rate of the optimiser (> 0) (default: 0.001, current: 0.03)"),
                text);
    }
}
