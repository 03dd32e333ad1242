// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.ModelFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
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

/**
 * {@code train}, {@code predict} and {@code evaluate} through {@link dev.ember.driver.cli.Main#run}
 * on small generated problems that a working trainer must solve: the output folder is complete,
 * the model learned, and predict's rows agree with evaluate's metrics.
 */
class CliEndToEndTest {
    @TempDir
    static Path dir;
    static SparkSession spark;
    private static int outputs;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start(2);
    }

    @AfterAll
    static void stop() {
        LocalSpark.stop(spark);
    }

    // ---------------------------------------------------------------- the four problems

    @Test
    void multiClassOnParquetVectorColumn() {
        Path train = blobs("blobs-train.parquet", 300, 1);
        Path test = blobs("blobs-test.parquet", 90, 2);
        Trained t = train("blobs", """
                data:
                  train: '%s'
                  format: parquet
                  features: features
                  label: label
                  validation: 0.2
                  test: '%s'
                model:
                  task: classification
                  layers: [{dense: 16, activation: relu}]
                training:
                  epochs: 3
                  batch_size: 32
                  optimizer: {name: adam, lr: 0.02}
                """.formatted(train, test), 3, 32, List.of("val_loss", "val_accuracy"));
        assertTrue(t.metrics().at("/final/val_accuracy").asDouble() > 0.9, "chance is 1/3: " + t.metrics());
        assertTrue(t.metrics().at("/final/test_accuracy").asDouble() > 0.9, "chance is 1/3: " + t.metrics());

        Dataset<Row> input = spark.read().parquet(test.toString());
        JsonNode eval = evaluate(t.model(), test, "parquet", 90);
        for (String format : List.of("parquet", "csv")) {
            List<Row> rows = predict(t.model(), test, "parquet", format, input,
                    List.of("id", "features", "label"), true);
            assertClassificationConsistent(rows, eval, 3, "label");
        }
    }

    @Test
    void binaryWithWeightColumnOnCsv() {
        // Each clean row comes with two copies of weight 0 and the opposite label: a trainer that
        // ignored the weights would learn the flipped rule and score about 0 on clean data.
        Path train = binary("binary-train.csv", 120, 3, true);
        Path test = binary("binary-test.csv", 100, 4, false);
        Trained t = train("binary", """
                data:
                  train: '%s'
                  format: csv
                  features: [x1, x2]
                  label: y
                  weight: w
                  validation: 0.2
                  test: '%s'
                model:
                  task: binary
                  layers: [{dense: 8, activation: tanh}]
                training:
                  epochs: 5
                  batch_size: 32
                  optimizer: {name: adam, lr: 0.05}
                """.formatted(train, test), 5, 32, List.of("val_loss", "val_accuracy", "val_auc"));
        assertTrue(t.metrics().at("/final/val_accuracy").asDouble() > 0.9, t.metrics().toString());
        assertTrue(t.metrics().at("/final/test_accuracy").asDouble() > 0.9, t.metrics().toString());

        Dataset<Row> input = csvTable(test);
        List<Row> rows = predict(t.model(), test, "csv", "csv", input, List.of("id", "x1", "x2", "w", "y"), true);
        JsonNode eval = evaluate(t.model(), test, "csv", 100);
        assertBinaryConsistent(rows, eval);
        JsonNode weighted = evaluate(t.model(), test, "csv", 100, "--weight", "w");
        assertWeightedBinaryLoss(rows, weighted, eval);
    }

    /** evaluate --weight: the loss is Σ w·ℓ / Σ w over predict's probabilities, not the plain mean. */
    private static void assertWeightedBinaryLoss(List<Row> rows, JsonNode weighted, JsonNode plain) {
        double sum = 0;
        double weights = 0;
        for (Row r : rows) {
            double[] p = probabilities(r);
            double y = ((Number) r.getAs("y")).doubleValue();
            double w = ((Number) r.getAs("w")).doubleValue();
            sum -= w * (y == 1 ? Math.log(p[1]) : Math.log(p[0]));
            weights += w;
        }
        assertEquals(sum / weights, weighted.get("loss").asDouble(), 1e-4, "weighted loss from predict's output");
        assertTrue(Math.abs(weighted.get("loss").asDouble() - plain.get("loss").asDouble()) > 1e-4,
                "weights 0.5-1.5 change the loss: " + weighted + " vs " + plain);
    }

    @Test
    void regressionOnCsv() {
        Path train = regression("reg-train.csv", 300, 5);
        Path test = regression("reg-test.csv", 100, 6);
        Trained t = train("regression", """
                data:
                  train: '%s'
                  format: csv
                  features: [x1, x2, x3]
                  label: y
                  validation: 0.2
                  test: '%s'
                model:
                  task: regression
                  layers: [{dense: 8, activation: relu}]
                training:
                  epochs: 5
                  batch_size: 32
                  optimizer: {name: adam, lr: 0.05}
                """.formatted(train, test), 5, 32, List.of("val_loss", "val_rmse", "val_mae", "val_r2"));
        assertTrue(t.metrics().at("/final/val_r2").asDouble() > 0.9, t.metrics().toString());
        assertTrue(t.metrics().at("/final/test_r2").asDouble() > 0.9, t.metrics().toString());

        Dataset<Row> input = csvTable(test);
        List<Row> rows = predict(t.model(), test, "csv", "parquet", input, List.of("id", "x1", "x2", "x3", "y"),
                false);
        JsonNode eval = evaluate(t.model(), test, "csv", 100);
        assertTrue(eval.get("r2").asDouble() > 0.9, eval.toString());
        assertRegressionConsistent(rows, eval);
    }

    @Test
    void categoricalColumnWithEmbeddingPlusNumericColumns() {
        // The class is (shop + [x1 > 0]) mod 3: without the shop embedding the best is about 1/3.
        Path train = shops("shops-train.csv", 360, 7);
        Path test = shops("shops-test.csv", 120, 8);
        Trained t = train("shops", """
                data:
                  train: '%s'
                  format: csv
                  features: [x1, x2]
                  categorical: [shop]
                  label: y
                  validation: 0.2
                  test: '%s'
                model:
                  task: classification
                  embedding_dim: 4
                  layers: [{dense: 16, activation: relu}]
                training:
                  epochs: 6
                  batch_size: 32
                  optimizer: {name: adam, lr: 0.05}
                """.formatted(train, test), 6, 32, List.of("val_loss", "val_accuracy"));
        Model model = ModelFiles.read(hadoop(t.model()), spark.sparkContext().hadoopConfiguration());
        assertEquals(1, model.spec().embeddings().size(), "one embedding for the one categorical column");
        assertEquals(6, model.spec().embeddings().get(0).cardinality(), "shops 0..5");
        assertEquals(4, model.spec().embeddings().get(0).dim());
        assertTrue(t.metrics().at("/final/val_accuracy").asDouble() > 0.9, t.metrics().toString());
        assertTrue(t.metrics().at("/final/test_accuracy").asDouble() > 0.9, t.metrics().toString());

        Dataset<Row> input = csvTable(test);
        List<Row> rows = predict(t.model(), test, "csv", "csv", input, List.of("id", "x1", "x2", "shop", "y"), true);
        JsonNode eval = evaluate(t.model(), test, "csv", 120);
        assertClassificationConsistent(rows, eval, 3, "y");
    }

    // ---------------------------------------------------------------- train and its output folder

    private record Trained(Path model, JsonNode metrics) {}

    private static Trained train(String name, String yamlBody, int epochs, int batch, List<String> valKeys) {
        Path cfg = TestTables.yaml(dir.resolve(name + ".yaml"), yamlBody + "output: unused\n");
        Path parent = dir.resolve("out-" + name);
        Path model = parent.resolve("model");
        CliRun r = CliRun.of("train", cfg.toString(), "--set", "spark.master=local[2]", "--set", "output=" + model);
        assertEquals(0, r.exit(), r::describe);
        assertEquals("", r.err(), "a successful run prints nothing to stderr");
        assertEquals(List.of("model"), TestTables.names(parent),
                "only the model folder, no temporary folder beside it");
        assertTrue(TestTables.names(model).containsAll(List.of("model.json", "params.f32", "metrics.json",
                "report.png")), "model folder holds " + TestTables.names(model));
        assertReportPng(model.resolve("report.png"));

        Matcher m = Pattern.compile("Ember: (\\d+) training rows, (\\d+) validation rows").matcher(r.out());
        assertTrue(m.find(), "the run names its row counts: " + r.out());
        long trainRows = Long.parseLong(m.group(1));
        long validationRows = Long.parseLong(m.group(2));
        assertTrue(validationRows > 0 && trainRows > 3 * validationRows, r.out());

        JsonNode metrics = TestTables.json(model.resolve("metrics.json"));
        assertMetricsShape(metrics, epochs, batch, trainRows, valKeys);
        System.out.println("CliEndToEndTest " + name + ": steps " + metrics.get("steps") + ", final "
                + metrics.get("final"));
        return new Trained(model, metrics);
    }

    private static void assertMetricsShape(JsonNode m, int epochs, int batch, long trainRows, List<String> valKeys) {
        JsonNode list = m.get("epochs");
        assertNotNull(list, m.toString());
        assertEquals(epochs, list.size(), "one entry per epoch: " + m);
        for (int i = 0; i < epochs; i++) {
            JsonNode e = list.get(i);
            assertEquals(i + 1, e.get("epoch").asInt());
            assertTrue(e.get("train_loss").isNumber() && Double.isFinite(e.get("train_loss").asDouble()), e.toString());
            for (String k : valKeys) {
                assertTrue(e.has(k) && e.get(k).isNumber(), "epoch " + (i + 1) + " lacks " + k + ": " + e);
            }
        }
        double firstLoss = list.get(0).get("train_loss").asDouble();
        double lastLoss = list.get(epochs - 1).get("train_loss").asDouble();
        assertTrue(lastLoss < firstLoss, "training loss falls: " + firstLoss + " -> " + lastLoss);
        JsonNode fin = m.get("final");
        assertNotNull(fin, m.toString());
        for (String k : valKeys) {
            assertTrue(fin.has(k), "final lacks " + k + ": " + fin);
            assertTrue(fin.has("test_" + k.substring(4)), "final lacks test_" + k.substring(4) + ": " + fin);
        }
        assertEquals(epochs * ((trainRows + batch - 1) / batch), m.get("steps").asLong(),
                "steps = epochs × ⌈N/B⌉");
        assertTrue(m.get("samples_per_second").asDouble() > 0, m.toString());
        assertTrue(m.get("wall_seconds").asDouble() > 0, m.toString());
        assertTrue(!m.get("backend").asText().isBlank() && !m.get("device").asText().isBlank(), m.toString());
    }

    private static void assertReportPng(Path png) {
        try {
            byte[] bytes = Files.readAllBytes(png);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                    Arrays.copyOf(bytes, 8), "PNG signature");
            BufferedImage image = ImageIO.read(png.toFile());
            assertNotNull(image, "ImageIO reads report.png");
            assertTrue(image.getWidth() >= 300 && image.getWidth() <= 4000
                    && image.getHeight() >= 200 && image.getHeight() <= 4000,
                    "plausible size " + image.getWidth() + "x" + image.getHeight());
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 3) {
                for (int x = 0; x < image.getWidth(); x += 3) {
                    colours.add(image.getRGB(x, y));
                }
            }
            assertTrue(colours.size() >= 4, "a drawn chart, not a blank image: " + colours.size() + " colours");
        } catch (IOException e) {
            throw new AssertionError("cannot read " + png, e);
        }
    }

    // ---------------------------------------------------------------- predict and evaluate

    /** Runs predict, checks the row count and the columns, and returns the output rows. */
    private static List<Row> predict(Path model, Path input, String inFormat, String outFormat, Dataset<Row> in,
            List<String> inputColumns, boolean probabilities) {
        Path out = dir.resolve("pred-" + (++outputs) + "." + outFormat);
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(), "--format", inFormat,
                "--output", out.toString(), "--output-format", outFormat, "--master", "local[2]");
        assertEquals(0, r.exit(), r::describe);
        long n = in.count();
        assertTrue(r.out().contains("predictions for " + n + " rows"), r.out());
        Dataset<Row> written = outFormat.equals("csv")
                ? spark.read().option("header", "true").option("inferSchema", "true").csv(out.toString())
                : spark.read().parquet(out.toString());
        List<String> expected = new ArrayList<>(inputColumns);
        expected.add("prediction");
        if (probabilities) {
            expected.add("probability");
        }
        assertEquals(expected, Arrays.asList(written.columns()), "input columns kept, predictions added");
        List<Row> rows = written.collectAsList();
        assertEquals(n, rows.size(), "one output row per input row");
        assertSameInputs(in, rows, inputColumns);
        return rows;
    }

    /** Every input row comes out once with its own values (matched by id). */
    private static void assertSameInputs(Dataset<Row> in, List<Row> out, List<String> columns) {
        Map<Long, String> expected = new HashMap<>();
        for (Row r : in.collectAsList()) {
            expected.put(((Number) r.getAs("id")).longValue(), render(r, columns));
        }
        Map<Long, String> actual = new HashMap<>();
        for (Row r : out) {
            actual.put(((Number) r.getAs("id")).longValue(), render(r, columns));
        }
        assertEquals(expected, actual, "the input columns' values");
    }

    private static String render(Row r, List<String> columns) {
        StringBuilder sb = new StringBuilder();
        for (String c : columns) {
            Object v = r.getAs(c);
            if (v instanceof Vector vec) {
                sb.append(Arrays.toString(vec.toArray()));
            } else if (v instanceof String s && s.contains(" ")) {
                sb.append(Arrays.toString(Arrays.stream(s.split(" ")).mapToDouble(Double::parseDouble).toArray()));
            } else {
                sb.append(v instanceof Number num ? Double.toString(num.doubleValue()) : String.valueOf(v));
            }
            sb.append('|');
        }
        return sb.toString();
    }

    private static JsonNode evaluate(Path model, Path input, String format, int rows, String... more) {
        Path json = dir.resolve("eval-" + (++outputs) + ".json");
        List<String> args = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--input",
                input.toString(), "--format", format, "--output", json.toString(), "--master", "local[2]"));
        args.addAll(List.of(more));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r::describe);
        assertTrue(r.out().contains("evaluation on " + rows + " rows:"), r.out());
        JsonNode j = TestTables.json(json);
        assertEquals(rows, j.get("rows").asInt());
        assertTrue(j.has("loss"), j.toString());
        j.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("rows")) {
                String printed = String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue().asDouble());
                assertTrue(r.out().contains(printed), "stdout shows " + printed + ": " + r.out());
            }
        });
        return j;
    }

    /** The probability column as numbers: an array in parquet, space-separated text in CSV. */
    private static double[] probabilities(Row r) {
        Object v = r.getAs("probability");
        if (v instanceof String s) {
            return Arrays.stream(s.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
        }
        List<Object> list = r.getList(r.fieldIndex("probability"));
        return list.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }

    private static void assertClassificationConsistent(List<Row> rows, JsonNode eval, int classes, String label) {
        int errors = 0;
        double loss = 0;
        for (Row r : rows) {
            double[] p = probabilities(r);
            assertEquals(classes, p.length);
            int best = 0;
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += p[c];
                best = p[c] > p[best] ? c : best;
            }
            assertEquals(1.0, sum, 1e-5, "probabilities sum to 1");
            double prediction = ((Number) r.getAs("prediction")).doubleValue();
            assertEquals(best, prediction, "prediction is the most probable class");
            int y = (int) ((Number) r.getAs(label)).doubleValue();
            errors += prediction == y ? 0 : 1;
            loss -= Math.log(p[y]);
        }
        double accuracy = 1 - (double) errors / rows.size();
        assertEquals(accuracy, eval.get("accuracy").asDouble(), 1e-12,
                "evaluate's accuracy = 1 - predict's error rate");
        assertEquals(loss / rows.size(), eval.get("loss").asDouble(), 1e-4, "evaluate's loss = mean -ln p(label)");
        assertTrue(accuracy > 0.9, "accuracy " + accuracy);
    }

    private static void assertBinaryConsistent(List<Row> rows, JsonNode eval) {
        int errors = 0;
        double loss = 0;
        for (Row r : rows) {
            double[] p = probabilities(r);
            assertEquals(2, p.length);
            assertEquals(1.0, p[0] + p[1], 1e-6);
            double prediction = ((Number) r.getAs("prediction")).doubleValue();
            assertEquals(p[1] > 0.5 ? 1.0 : 0.0, prediction, "prediction is p(1) > 0.5");
            double y = ((Number) r.getAs("y")).doubleValue();
            errors += prediction == y ? 0 : 1;
            loss -= y == 1 ? Math.log(p[1]) : Math.log(p[0]);
        }
        double accuracy = 1 - (double) errors / rows.size();
        assertEquals(accuracy, eval.get("accuracy").asDouble(), 1e-12,
                "evaluate's accuracy = 1 - predict's error rate");
        assertEquals(loss / rows.size(), eval.get("loss").asDouble(), 1e-4, "evaluate's loss = mean binary log loss");
        assertTrue(eval.get("auc").asDouble() > 0.9, eval.toString());
        assertTrue(accuracy > 0.9, "accuracy " + accuracy);
    }

    private static void assertRegressionConsistent(List<Row> rows, JsonNode eval) {
        double sse = 0;
        double sae = 0;
        double sumY = 0;
        for (Row r : rows) {
            double y = ((Number) r.getAs("y")).doubleValue();
            double e = ((Number) r.getAs("prediction")).doubleValue() - y;
            sse += e * e;
            sae += Math.abs(e);
            sumY += y;
        }
        double mean = sumY / rows.size();
        double sst = 0;
        for (Row r : rows) {
            double d = ((Number) r.getAs("y")).doubleValue() - mean;
            sst += d * d;
        }
        int n = rows.size();
        assertEquals(Math.sqrt(sse / n), eval.get("rmse").asDouble(), 1e-4, "rmse from predict's output");
        assertEquals(sae / n, eval.get("mae").asDouble(), 1e-4, "mae from predict's output");
        assertEquals(1 - sse / sst, eval.get("r2").asDouble(), 1e-4, "r2 from predict's output");
    }

    // ---------------------------------------------------------------- generated data

    /** Three Gaussian blobs in 4-D (centres 3 apart, σ 0.6), as an ml Vector column. */
    private static Path blobs(String name, int rows, long seed) {
        Random rnd = new Random(seed);
        double[][] centres = {{2, 0, 0, 1}, {0, 2, 0, -1}, {0, 0, 2, 0}};
        List<Row> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int k = i % 3;
            double[] x = new double[4];
            for (int j = 0; j < 4; j++) {
                x[j] = centres[k][j] + 0.6 * rnd.nextGaussian();
            }
            data.add(RowFactory.create((long) i, Vectors.dense(x), (double) k));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("features", SQLDataTypes.VectorType(), false)
                .add("label", DataTypes.DoubleType, false);
        Path p = dir.resolve(name);
        spark.createDataFrame(data, schema).repartition(2).write().parquet(p.toString());
        return p;
    }

    /** y = [x1 + x2 > 0]; with {@code decoys}, two weight-0 copies with the opposite label per row. */
    private static Path binary(String name, int rows, long seed, boolean decoys) {
        Random rnd = new Random(seed);
        List<String> lines = new ArrayList<>();
        long id = 0;
        for (int i = 0; i < rows; i++) {
            double x1 = rnd.nextGaussian();
            double x2 = rnd.nextGaussian();
            int y = x1 + x2 > 0 ? 1 : 0;
            double w = 0.5 + rnd.nextDouble();
            lines.add(String.format(Locale.ROOT, "%d,%.5f,%.5f,%.3f,%d", id++, x1, x2, w, y));
            for (int c = 0; decoys && c < 2; c++) {
                lines.add(String.format(Locale.ROOT, "%d,%.5f,%.5f,0,%d", id++, x1, x2, 1 - y));
            }
        }
        return TestTables.csv(dir.resolve(name), "id,x1,x2,w,y", lines);
    }

    /** y = 3·x1 − 2·x2 + 0.5·x3 + 1 + noise(σ 0.1). */
    private static Path regression(String name, int rows, long seed) {
        Random rnd = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double x1 = rnd.nextGaussian();
            double x2 = rnd.nextGaussian();
            double x3 = rnd.nextGaussian();
            double y = 3 * x1 - 2 * x2 + 0.5 * x3 + 1 + 0.1 * rnd.nextGaussian();
            lines.add(String.format(Locale.ROOT, "%d,%.5f,%.5f,%.5f,%.5f", i, x1, x2, x3, y));
        }
        return TestTables.csv(dir.resolve(name), "id,x1,x2,x3,y", lines);
    }

    /** shop in 0..5, y = (shop + [x1 > 0]) mod 3; x2 is noise. */
    private static Path shops(String name, int rows, long seed) {
        Random rnd = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double x1 = rnd.nextGaussian();
            double x2 = rnd.nextGaussian();
            int shop = i % 6;
            int y = (shop + (x1 > 0 ? 1 : 0)) % 3;
            lines.add(String.format(Locale.ROOT, "%d,%.5f,%.5f,%d,%d", i, x1, x2, shop, y));
        }
        return TestTables.csv(dir.resolve(name), "id,x1,x2,shop,y", lines);
    }

    private static Dataset<Row> csvTable(Path p) {
        return spark.read().option("header", "true").option("inferSchema", "true").csv(p.toString());
    }

    private static org.apache.hadoop.fs.Path hadoop(Path p) {
        return new org.apache.hadoop.fs.Path(p.toUri());
    }
}
