// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.driver.SparkSessions;
import dev.ember.driver.config.SparkConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EmberRegressor in a pipeline: it learns a linear target, saves, loads and predicts identically. */
class EmberRegressorTest {
    static SparkSession spark;
    @TempDir static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSessions.create(new SparkConfig("local[2]", Map.of("spark.ui.enabled", "false",
                "spark.driver.host", "127.0.0.1", "spark.sql.shuffle.partitions", "2")), "EmberRegressorTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    @Test
    void aPipelineLearnsALinearTargetAndReloadsIdentically() throws Exception {
        Random random = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            rows.add(RowFactory.create(a, b, 3 * a - 2 * b + 1 + 0.05 * random.nextGaussian()));
        }
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("label", DataTypes.DoubleType);
        Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(2);
        EmberRegressor reg = new EmberRegressor().setLayers(new int[0]).setMaxIter(10).setBatchSize(20)
                .setStepSize(0.1).setSeed(1);
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"a", "b"}).setOutputCol("features"), reg}).fit(data);
        Dataset<Row> out = fitted.transform(data);
        double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(out);
        double spread = Math.sqrt(13);   // the target's standard deviation around its mean
        assertTrue(rmse < 0.1 * spread, "rmse " + rmse);

        String path = dir.resolve("regression").toString();
        fitted.write().save(path);
        List<Row> before = out.select("features", "prediction").collectAsList();
        List<Row> after = PipelineModel.load(path).transform(data).select("prediction").collectAsList();
        EmberRegressionModel stage = (EmberRegressionModel) fitted.stages()[1];
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).getDouble(1), after.get(i).getDouble(0), 0.0);
        }
        assertEquals(before.get(0).getDouble(1), stage.predict((Vector) before.get(0).get(0)), 0.0,
                "the single-row path agrees with transform");
    }
}
