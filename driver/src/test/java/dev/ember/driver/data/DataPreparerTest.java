// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import dev.ember.driver.config.Task;
import dev.ember.driver.config.JobConfig;
import dev.ember.worker.Block;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataPreparerTest extends SparkTestBase {
    private static final int N = 60;

    /** Row i of the CSV: x1 = i, x2 = i² / 10, shop = i % 4, y = (i * 7) % 3 (file order = i). */
    private static double x1(int i) {
        return i;
    }

    private static double x2(int i) {
        return i * i / 10.0;
    }

    private static Path writeCsv(Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("x1,x2,shop,y\n");
        for (int i = 0; i < N; i++) {
            csv.append(x1(i)).append(',').append(x2(i)).append(',').append(i % 4).append(',').append((i * 7) % 3).append('\n');
        }
        Path p = dir.resolve("train.csv");
        Files.writeString(p, csv);
        return p;
    }

    private static JobConfig config(Path csv, String... sets) {
        List<String> all = new ArrayList<>(List.of("data.format=csv", "data.features=[x1, x2]",
                "data.categorical=[shop]", "data.label=y"));
        all.addAll(List.of(sets));
        return JobConfig.parse("data: {train: '" + csv + "'}\noutput: /tmp/unused\n", all);
    }

    private static PreparedData prepare(JobConfig c) {
        return DataPreparer.prepare(spark, c.data(), c.model().task(), c.training().seed());
    }

    /** Every block's rows by global index: index -> {raw features..., category, label}. */
    private static Map<Long, float[]> byGlobalRow(List<Block> blocks) {
        Map<Long, float[]> rows = new HashMap<>();
        for (Block b : blocks) {
            for (int r = 0; r < b.rows(); r++) {
                float[] v = new float[b.numericWidth() + b.categoricalWidth() + b.labelWidth()];
                System.arraycopy(b.features(), r * b.numericWidth(), v, 0, b.numericWidth());
                System.arraycopy(b.categories(), r * b.categoricalWidth(), v, b.numericWidth(), b.categoricalWidth());
                System.arraycopy(b.labels(), r * b.labelWidth(), v, b.numericWidth() + b.categoricalWidth(), b.labelWidth());
                assertNull(rows.put(b.globalRows()[r], v), "row " + b.globalRows()[r] + " packed twice");
            }
        }
        return rows;
    }

    @Test
    void csvNumericColumnsArePackedStandardisedAndSplit(@TempDir Path dir) throws IOException {
        PreparedData d = prepare(config(writeCsv(dir), "data.validation=0.25", "data.partitions=2"));
        Split split = new Split(42, 0.25);
        List<Block> train = collect(d.train());
        List<Block> validation = collect(d.validation());
        assertEquals(2, train.size());
        Map<Long, float[]> trainRows = byGlobalRow(train);
        Map<Long, float[]> validationRows = byGlobalRow(validation);
        assertEquals(d.trainRows(), trainRows.size());
        assertEquals(N, trainRows.size() + validationRows.size());
        assertTrue(validationRows.size() > 5 && validationRows.size() < 25, "validation rows: " + validationRows.size());
        // Hand-computed population mean and std over exactly the training rows.
        double[] sum = new double[2];
        double[] sumSq = new double[2];
        // Training rows carry dense ranks in input order: rank k is the k-th global row outside validation.
        List<Long> trainGlobals = new java.util.ArrayList<>();
        for (long g = 0; g < N; g++) {
            if (!split.isValidation(g)) {
                trainGlobals.add(g);
            }
        }
        assertEquals(trainGlobals.size(), trainRows.size());
        for (long g : validationRows.keySet()) {
            assertTrue(split.isValidation(g), "row " + g + " should be a training row");
        }
        for (long rank : trainRows.keySet()) {
            assertTrue(rank >= 0 && rank < trainGlobals.size(), "training rank " + rank + " out of range");
            long g = trainGlobals.get((int) rank);
            double[] x = {x1((int) g), x2((int) g)};
            for (int j = 0; j < 2; j++) {
                sum[j] += x[j];
                sumSq[j] += x[j] * x[j];
            }
        }
        int n = trainRows.size();
        for (int j = 0; j < 2; j++) {
            double mean = sum[j] / n;
            double std = Math.sqrt(sumSq[j] / n - mean * mean);
            assertEquals(mean, d.standardizer().mean()[j], 1e-4 * Math.abs(mean));
            assertEquals(std, d.standardizer().std()[j], 1e-4 * std);
        }
        for (Map<Long, float[]> rows : List.of(trainRows, validationRows)) {
            rows.forEach((key, v) -> {
                int i = (int) (rows == trainRows ? trainGlobals.get((int) (long) key) : (long) key);
                assertEquals((x1(i) - d.standardizer().mean()[0]) / d.standardizer().std()[0], v[0], 1e-4);
                assertEquals((x2(i) - d.standardizer().mean()[1]) / d.standardizer().std()[1], v[1], 1e-4);
                assertEquals(i % 4, v[2]);
                assertEquals((i * 7) % 3, v[3]);
            });
        }
        assertArrayEquals(new int[] {4}, d.cardinalities());
        assertEquals(3, d.numClasses());
        assertEquals(List.of("0", "1", "2"), d.labelNames());
        d.unpersist();
    }

    @Test
    void globalIndicesAndSplitDoNotDependOnPartitions(@TempDir Path dir) throws IOException {
        Path csv = writeCsv(dir);
        PreparedData one = prepare(config(csv, "data.partitions=1", "data.validation=0.3"));
        PreparedData three = prepare(config(csv, "data.partitions=3", "data.validation=0.3"));
        assertEquals(1, collect(one.train()).size());
        assertEquals(3, collect(three.train()).size());
        Map<Long, float[]> a = byGlobalRow(collect(one.train()));
        Map<Long, float[]> b = byGlobalRow(collect(three.train()));
        assertEquals(a.keySet(), b.keySet());
        a.forEach((g, v) -> assertArrayEquals(v, b.get(g), 1e-5f, "row " + g));
        assertEquals(byGlobalRow(collect(one.validation())).keySet(), byGlobalRow(collect(three.validation())).keySet());
        assertArrayEquals(one.standardizer().mean(), three.standardizer().mean(), 1e-5f);
        for (Block block : collect(three.train())) {
            long[] g = block.globalRows();
            long[] sorted = g.clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, g, "rows within a block are in global order");
        }
        one.unpersist();
        three.unpersist();
    }

    @Test
    void parquetVectorColumnWithWeightsAndRegressionTargets(@TempDir Path dir) {
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("target", DataTypes.createArrayType(DataTypes.DoubleType)).add("w", DataTypes.FloatType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Object v = i % 2 == 0 ? Vectors.dense(i, 1, -i) : Vectors.sparse(3, new int[] {0, 2}, new double[] {i, -i});
            rows.add(RowFactory.create(v, scala.jdk.javaapi.CollectionConverters.asScala(List.of(i * 0.5, -1.0)).toSeq(),
                    (float) (i % 3)));
        }
        String path = dir.resolve("train.parquet").toString();
        spark.createDataFrame(rows, schema).repartition(3).write().parquet(path);
        JobConfig c = JobConfig.parse("data: {train: '" + path + "', label: target, weight: w, validation: 0,"
                + " standardize: false, partitions: 2}\nmodel: {task: regression}\noutput: /tmp/x\n", List.of());
        PreparedData d = prepare(c);
        assertEquals(30, d.trainRows());
        assertEquals(3, d.numericWidth());
        assertEquals(2, d.labelWidth());
        assertEquals(List.of("target[0]", "target[1]"), d.labelNames());
        float[] unitStd = {1, 1, 1};
        assertArrayEquals(unitStd, d.standardizer().std());
        double weightSum = 0;
        int rowsSeen = 0;
        for (Block b : collect(d.train())) {
            for (int r = 0; r < b.rows(); r++) {
                float x0 = b.features()[r * 3];
                assertEquals(-x0, b.features()[r * 3 + 2], 0f);   // delta form: -0.0 equals 0.0
                assertEquals(x0 * 0.5f, b.labels()[r * 2]);
                assertEquals(-1f, b.labels()[r * 2 + 1]);
                assertEquals(((int) x0) % 3, b.weight(r));
                weightSum += b.weight(r);
                rowsSeen++;
            }
        }
        assertEquals(30, rowsSeen);
        assertEquals(30, weightSum);   // 10 rows each of weight 0, 1, 2
        d.unpersist();
    }

    @Test
    void predictionAppliesTheSavedStandardizerAndRejectsUnknownCategories(@TempDir Path dir) throws IOException {
        Path csv = writeCsv(dir);
        JobConfig c = config(csv, "data.validation=0");
        PreparedData trained = prepare(c);
        Dataset<Row> df = DataSources.read(spark, "csv", csv.toString(), Map.of(), false, 2);
        ColumnSpec spec = ColumnSpec.of(c.data(), c.model().task()).forPrediction();
        ScoringData s = DataPreparer.prepareForPrediction(df, spec, trained.standardizer(), trained.cardinalities(), 2);
        assertEquals(N, s.rows());
        assertEquals(0, s.labelWidth());
        Map<Long, float[]> trainedRows = byGlobalRow(collect(trained.train()));
        for (Block b : collect(s.blocks())) {
            for (int r = 0; r < b.rows(); r++) {
                float[] t = trainedRows.get(b.globalRows()[r]);
                assertEquals(t[0], b.features()[r * 2], 1e-6f);
                assertEquals(t[1], b.features()[r * 2 + 1], 1e-6f);
            }
        }
        String m = assertThrows(DataException.class, () -> DataPreparer.prepareForPrediction(df, spec,
                trained.standardizer(), new int[] {3}, 2)).getMessage();
        assertTrue(m.contains("categorical column 'shop' has 15 rows with an index the model never saw"), m);
        assertTrue(m.contains("0..2"), m);
        trained.unpersist();
        s.unpersist();
    }

    @Test
    void validationPathUsesTrainingStatistics(@TempDir Path dir) throws IOException {
        Path csv = writeCsv(dir);
        PreparedData d = prepare(config(csv, "data.validation='" + csv + "'"));
        assertEquals(N, d.trainRows());
        assertEquals(N, d.validationRows());
        Map<Long, float[]> train = byGlobalRow(collect(d.train()));
        Map<Long, float[]> validation = byGlobalRow(collect(d.validation()));
        train.forEach((g, v) -> assertArrayEquals(v, validation.get(g), 1e-6f));
        d.unpersist();
    }

    @Test
    void partitionsLargerThanTheInitialBuffersArePackedWhole() {
        Dataset<Row> df = spark.range(0, 5000, 1, 1).selectExpr("cast(id as double) as a",
                "array(cast(id as double), 1.0) as v", "cast(id % 2 as double) as y");
        ColumnSpec vectorLabel = new ColumnSpec(List.of("a"), List.of(), "v", null, Task.REGRESSION, null, null);
        PreparedData d = DataPreparer.prepare(df, null, vectorLabel,
                new DataPreparer.Options(0, 1, false, 1, StorageLevel.MEMORY_ONLY()));
        Block b = collect(d.train()).get(0);
        assertEquals(5000, b.rows());
        for (int r = 0; r < b.rows(); r++) {
            assertEquals(r, b.features()[r]);
            assertEquals(r, b.labels()[2 * r]);
            assertEquals(1f, b.labels()[2 * r + 1]);
        }
        d.unpersist();
        ColumnSpec scalarLabel = new ColumnSpec(List.of("v"), List.of(), "y", null, Task.BINARY, null, null);
        d = DataPreparer.prepare(df, null, scalarLabel, new DataPreparer.Options(0, 1, false, 1, StorageLevel.MEMORY_ONLY()));
        b = collect(d.train()).get(0);
        for (int r = 0; r < b.rows(); r++) {
            assertEquals(r % 2, b.labels()[r]);
            assertEquals(r, b.features()[2 * r]);
        }
        d.unpersist();
    }

    @Test
    void unreadablePathNamesIt(@TempDir Path dir) {
        String missing = dir.resolve("nope.parquet").toString();
        String m = assertThrows(DataException.class,
                () -> DataSources.read(spark, "parquet", missing, Map.of(), false, 2)).getMessage();
        assertTrue(m.contains("cannot read parquet data from " + missing), m);
    }

    @Test
    void classNamesComeFromStringIndexerMetadata() {
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("kind", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        String[] kinds = {"cat", "dog", "cat", "bird", "cat", "dog"};
        for (int i = 0; i < kinds.length; i++) {
            rows.add(RowFactory.create((double) i, kinds[i]));
        }
        Dataset<Row> indexed = new org.apache.spark.ml.feature.StringIndexer().setInputCol("kind").setOutputCol("y")
                .fit(spark.createDataFrame(rows, schema)).transform(spark.createDataFrame(rows, schema));
        ColumnSpec spec = new ColumnSpec(List.of("a"), List.of(), "y", null, Task.CLASSIFICATION, null, null);
        PreparedData d = DataPreparer.prepare(indexed, null, spec,
                new DataPreparer.Options(0, 1, true, 1, StorageLevel.MEMORY_ONLY()));
        assertEquals(List.of("cat", "dog", "bird"), d.labelNames());
        assertEquals(3, d.numClasses());
        assertEquals(LongStream.range(0, 6).boxed().toList(),
                Arrays.stream(collect(d.train()).get(0).globalRows()).boxed().toList());
        d.unpersist();
    }
}
