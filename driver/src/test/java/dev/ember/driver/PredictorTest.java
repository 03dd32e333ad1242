// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.driver.config.Task;
import dev.ember.driver.config.LayerConfig;
import dev.ember.driver.config.LossConfig;
import dev.ember.driver.config.ModelConfig;
import dev.ember.driver.data.DataException;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.Preprocessing;
import dev.ember.worker.Batch;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.Engine;
import dev.ember.worker.NetworkSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
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

/**
 * {@link Predictor#predict}, the CLI's scoring, on hand-built models: its scores equal the
 * network's own forward pass, it keeps the input's columns, rows and partitions, and a row it
 * cannot score stops it with a {@link DataException} naming the column.
 */
class PredictorTest {
    private static final int ROWS = 700;   // more than one micro-batch in a partition
    static SparkSession spark;
    static Dataset<Row> table;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start(2);
        Random random = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            double[] v = {random.nextGaussian(), 3 + 2 * random.nextGaussian(), random.nextGaussian()};
            rows.add(RowFactory.create((long) i, 10 * random.nextGaussian(), random.nextGaussian(), i % 4, "r" + i,
                    v));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType).add("x1", DataTypes.DoubleType)
                .add("x2", DataTypes.DoubleType).add("shop", DataTypes.IntegerType).add("note", DataTypes.StringType)
                .add("v", DataTypes.createArrayType(DataTypes.DoubleType));
        table = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 3),
                schema).cache();
    }

    @AfterAll
    static void stop() {
        LocalSpark.stop(spark);
    }

    @Test
    void classifierScoresAreTheNetworksSoftmaxAndKeepTheInput() {
        Model model = model("classification", 3, List.of("x1", "x2"), List.of("shop"), new int[] {4});
        Dataset<Row> out = Predictor.predict(spark, table, model, ComputeSettings.defaults());

        assertEquals(List.of("id", "x1", "x2", "shop", "note", "v", "prediction", "probability"),
                Arrays.asList(out.columns()));
        assertEquals(3, out.rdd().getNumPartitions(), "scored where the rows are: no shuffle");
        List<Row> rows = out.collectAsList();
        float[] expected = oracle(model, rows, r -> new float[] {(float) r.getDouble(1), (float) r.getDouble(2)},
                r -> new float[] {r.getInt(3)});
        for (int i = 0; i < ROWS; i++) {
            Row r = rows.get(i);
            assertEquals(i, r.getLong(0), "rows keep their order");
            assertEquals("r" + i, r.getString(4), "input columns are kept");
            List<Double> p = r.getList(7);
            int best = 0;
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[i * 3 + c], p.get(c), 1e-5, "probability of class " + c + " in row " + i);
                best = p.get(c) > p.get(best) ? c : best;
            }
            assertEquals(best, r.getDouble(6), "prediction is the most probable class in row " + i);
        }
    }

    @Test
    void severalRegressionTargetsFromAnArrayColumnArePredictedTogether() {
        Model model = model("regression", 2, List.of("v"), List.of(), new int[0]);
        List<Row> rows = Predictor.predict(spark, table, model, ComputeSettings.defaults()).collectAsList();
        assertEquals("prediction", rows.get(0).schema().fieldNames()[6]);
        float[] expected = oracle(model, rows, r -> {
            List<Double> v = r.getList(5);
            return new float[] {v.get(0).floatValue(), v.get(1).floatValue(), v.get(2).floatValue()};
        }, r -> new float[0]);
        for (int i = 0; i < ROWS; i++) {
            Vector p = rows.get(i).getAs(6);
            assertEquals(expected[2 * i], p.apply(0), 1e-5, "first target of row " + i);
            assertEquals(expected[2 * i + 1], p.apply(1), 1e-5, "second target of row " + i);
        }
    }

    @Test
    void aRowThatCannotBeScoredStopsPredictAndIsNamed() {
        Model model = model("binary", 1, List.of("x1", "x2"), List.of("shop"), new int[] {4});
        Dataset<Row> nan = table.selectExpr("id", "x1", "IF(id = 600, double('NaN'), x2) AS x2", "shop");
        assertMessage(model, nan, "feature 'x2' is NaN in a row to score");
        Dataset<Row> unknown = table.selectExpr("id", "x1", "x2", "IF(id = 123, 7, shop) AS shop");
        assertMessage(model, unknown, "categorical column 'shop' has value 7.0", "0 .. 3");
        assertMessage(model, table.withColumnRenamed("note", "prediction"), "'prediction' already exists");
        assertMessage(model, table.drop("x2"), "column 'x2' does not exist", "[id, x1, shop, note, v]");
        assertMessage(model, table.withColumn("x2", table.col("note")), "column 'x2' has type string");
    }

    private static void assertMessage(Model model, Dataset<Row> data, String... parts) {
        Exception e = assertThrows(Exception.class,
                () -> Predictor.predict(spark, data, model, ComputeSettings.defaults()));
        Throwable c = e;
        while (c != null && !(c instanceof DataException)) {
            c = c.getCause();
        }
        assertTrue(c != null, "a DataException in the cause chain: " + e);
        for (String part : parts) {
            assertTrue(c.getMessage().contains(part), "'" + part + "' in: " + c.getMessage());
        }
    }

    /** A standardised model with a tanh hidden layer and random (non-zero) biases. */
    private static Model model(String task, int outputs, List<String> features, List<String> categorical,
            int[] cardinalities) {
        ModelConfig config = new ModelConfig(Task.of(task), List.of(new LayerConfig.Dense(5, "tanh", 0, true, "auto")),
                LossConfig.defaults(), "auto", 2);
        int width = features.size() == 1 ? 3 : features.size();
        NetworkSpec spec = ModelBuilder.build(config, width, cardinalities, outputs, outputs);
        float[] params = new float[spec.layout().total()];
        spec.initialize(params, 9);
        Random random = new Random(2);
        for (int i = 0; i < params.length; i++) {
            params[i] += (float) (0.2 * random.nextGaussian());
        }
        float[] mean = new float[width];
        float[] std = new float[width];
        for (int j = 0; j < width; j++) {
            mean[j] = 0.5f * j;
            std[j] = 1 + j;
        }
        return new Model(spec, params, new Preprocessing(features, categorical, cardinalities, mean, std, "y"), Task.of(task),
                List.of(), Map.of());
    }

    /** The network's own outputs (softmax, sigmoid or identity by its loss) on standardised inputs. */
    private static float[] oracle(Model model, List<Row> rows, java.util.function.Function<Row, float[]> features,
            java.util.function.Function<Row, float[]> categories) {
        NetworkSpec spec = model.spec();
        int width = spec.numericWidth();
        int cw = model.preprocessing().cardinalities().length;
        Batch b = Batch.allocate(rows.size(), width, cw, spec.labelWidth());
        for (int r = 0; r < rows.size(); r++) {
            float[] x = features.apply(rows.get(r));
            for (int j = 0; j < width; j++) {
                b.features()[r * width + j] = (x[j] - model.preprocessing().mean()[j]) / model.preprocessing().std()[j];
            }
            System.arraycopy(categories.apply(rows.get(r)), 0, b.categories(), r * cw, cw);
        }
        float[] out = new float[rows.size() * spec.outputWidth()];
        try (Engine.Worker w = Engine.get().acquire(spec, ComputeSettings.defaults(), rows.size())) {
            w.load("oracle-" + System.nanoTime(), -1, model.params());
            w.network().predict(b.withRows(rows.size()), out);
        }
        return out;
    }
}
