// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import dev.ember.driver.config.Task;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every check's message: it names the column and the number of bad rows. */
class DataChecksTest extends SparkTestBase {
    private static final StructType TABULAR = new StructType()
            .add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType).add("shop", DataTypes.IntegerType)
            .add("y", DataTypes.DoubleType).add("w", DataTypes.DoubleType).add("name", DataTypes.StringType);

    /** 20 good rows: a = i, b = 2i, shop = i % 3, y = i % 4, w = 1. */
    private static List<Row> goodRows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(RowFactory.create((double) i, 2.0 * i, i % 3, (double) (i % 4), 1.0, "r" + i));
        }
        return rows;
    }

    private static Dataset<Row> table(List<Row> rows) {
        return spark.createDataFrame(rows, TABULAR);
    }

    private static ColumnSpec spec(Task task, Integer classes, String weight) {
        return new ColumnSpec(List.of("a", "b"), List.of("shop"), "y", weight, task, classes, null);
    }

    private static String failure(Dataset<Row> df, ColumnSpec spec) {
        DataPreparer.Options opt = new DataPreparer.Options(0, 1, true, 2, org.apache.spark.storage.StorageLevel.MEMORY_ONLY());
        return assertThrows(DataException.class, () -> DataPreparer.prepare(df, null, spec, opt)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "expected '" + p + "' in: " + message);
        }
    }

    @Test
    void goodDataPasses() {
        DataPreparer.Options opt = new DataPreparer.Options(0, 1, true, 2, org.apache.spark.storage.StorageLevel.MEMORY_ONLY());
        PreparedData d = DataPreparer.prepare(table(goodRows()), null, spec(Task.CLASSIFICATION, null, "w"), opt);
        assertEquals(20, d.trainRows());
        assertEquals(4, d.numClasses());
        assertEquals(3, d.cardinalities()[0]);
        assertEquals(List.of(5L, 5L, 5L, 5L), java.util.Arrays.stream(d.classCounts()).limit(4).boxed().toList());
        d.unpersist();
    }

    @Test
    void missingColumnListsTheAvailableOnes() {
        ColumnSpec s = new ColumnSpec(List.of("a", "c"), List.of(), "y", null, Task.REGRESSION, null, null);
        assertMentions(failure(table(goodRows()), s), "column 'c' (data.features) does not exist",
                "[a, b, shop, y, w, name]");
    }

    @Test
    void stringFeatureNamesItsType() {
        ColumnSpec s = new ColumnSpec(List.of("a", "name"), List.of(), "y", null, Task.REGRESSION, null, null);
        assertMentions(failure(table(goodRows()), s), "column 'name' has type string", "numeric");
    }

    @Test
    void nanAndNullFeaturesAreCountedPerColumn() {
        List<Row> rows = goodRows();
        rows.set(3, RowFactory.create(Double.NaN, 6.0, 0, 3.0, 1.0, "x"));
        rows.set(5, RowFactory.create(null, 6.0, 0, 1.0, 1.0, "x"));
        rows.set(7, RowFactory.create(Double.POSITIVE_INFINITY, 6.0, 0, 3.0, 1.0, "x"));
        rows.set(9, RowFactory.create(1.0, Double.NaN, 0, 1.0, 1.0, "x"));
        assertMentions(failure(table(rows), spec(Task.CLASSIFICATION, null, null)),
                "feature column 'a' has 3 of 20 rows with a null, NaN or infinite value");
    }

    @Test
    void labelOutOfTheGivenRangeIsCounted() {
        assertMentions(failure(table(goodRows()), spec(Task.CLASSIFICATION, 3, null)),
                "label column 'y' has 5 rows with a class index >= 3", "data.classes says 3 classes");
    }

    @Test
    void fractionalOrNegativeClassLabelsAreCounted() {
        List<Row> rows = goodRows();
        rows.set(0, RowFactory.create(0.0, 0.0, 0, 1.5, 1.0, "x"));
        rows.set(1, RowFactory.create(0.0, 0.0, 0, -1.0, 1.0, "x"));
        assertMentions(failure(table(rows), spec(Task.CLASSIFICATION, null, null)),
                "label column 'y' has 2 rows that are not a class index");
    }

    @Test
    void binaryLabelsMustBeZeroOrOne() {
        assertMentions(failure(table(goodRows()), spec(Task.BINARY, null, null)),
                "label column 'y' has 10 rows that are neither 0 nor 1");
    }

    @Test
    void missingLabelsAreCounted() {
        List<Row> rows = goodRows();
        rows.set(4, RowFactory.create(0.0, 0.0, 0, null, 1.0, "x"));
        assertMentions(failure(table(rows), spec(Task.REGRESSION, null, null)),
                "label column 'y' has 1 of 20 rows with a null, NaN or infinite label");
    }

    @Test
    void singleClassIsRejected() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(RowFactory.create(1.0, 2.0, 0, 0.0, 1.0, "x"));
        }
        assertMentions(failure(table(rows), spec(Task.CLASSIFICATION, null, null)),
                "label column 'y' holds only class 0 in all 6 rows");
    }

    @Test
    void negativeAndMissingWeightsAreCounted() {
        List<Row> rows = goodRows();
        rows.set(2, RowFactory.create(0.0, 0.0, 0, 1.0, -0.5, "x"));
        rows.set(3, RowFactory.create(0.0, 0.0, 0, 1.0, -2.0, "x"));
        assertMentions(failure(table(rows), spec(Task.CLASSIFICATION, null, "w")),
                "weight column 'w' has 2 rows with a negative weight");
        rows.set(4, RowFactory.create(0.0, 0.0, 0, 1.0, null, "x"));
        assertMentions(failure(table(rows), spec(Task.CLASSIFICATION, null, "w")),
                "weight column 'w' has 1 rows with a null, NaN or infinite weight");
    }

    @Test
    void allZeroWeightsAreRejected() {
        List<Row> rows = new ArrayList<>();
        for (Row r : goodRows()) {
            rows.add(RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3), 0.0, "x"));
        }
        assertMentions(failure(table(rows), spec(Task.CLASSIFICATION, null, "w")),
                "weight column 'w' has a weight of 0 in all 20 rows");
    }

    @Test
    void negativeAndMissingCategoriesAreCounted() {
        List<Row> rows = goodRows();
        rows.set(0, RowFactory.create(0.0, 0.0, -1, 1.0, 1.0, "x"));
        assertMentions(failure(table(rows), spec(Task.CLASSIFICATION, null, null)),
                "categorical column 'shop' has 1 rows with a negative index");
        rows.set(0, RowFactory.create(0.0, 0.0, null, 1.0, 1.0, "x"));
        assertMentions(failure(table(rows), spec(Task.CLASSIFICATION, null, null)),
                "categorical column 'shop' has 1 rows with a null, NaN or infinite index");
    }

    @Test
    void emptyDataIsRejected() {
        assertMentions(failure(table(new ArrayList<>()), spec(Task.CLASSIFICATION, null, null)),
                "the training data has no rows");
    }

    @Test
    void inconsistentVectorWidthsAreReported() {
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(RowFactory.create(Vectors.dense(i, 1, 2), (double) (i % 2)));
        }
        rows.add(RowFactory.create(Vectors.dense(1, 2), 0.0));
        rows.add(RowFactory.create(Vectors.sparse(5, new int[] {1}, new double[] {1}), 1.0));
        ColumnSpec s = new ColumnSpec(List.of("features"), List.of(), "label", null, Task.BINARY, null, null);
        assertMentions(failure(spark.createDataFrame(rows, schema), s),
                "feature column 'features' holds vectors of different widths (2 in 1 rows, 3 in 12 rows, 5 in 1 rows)");
    }

    @Test
    void nanInsideAVectorIsCounted() {
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(RowFactory.create(Vectors.dense(i, i == 4 ? Double.NaN : 1), (double) (i % 2)));
        }
        rows.add(RowFactory.create(null, 1.0));
        ColumnSpec s = new ColumnSpec(List.of("features"), List.of(), "label", null, Task.BINARY, null, null);
        assertMentions(failure(spark.createDataFrame(rows, schema), s),
                "feature column 'features' has 2 of 11 rows with a null vector or a NaN or infinite element");
    }

    @Test
    void validationFractionThatLeavesNoTrainingRowsIsRejected() {
        List<Row> rows = goodRows().subList(0, 2);
        DataPreparer.Options opt = new DataPreparer.Options(0.999999, 3, true, 1, org.apache.spark.storage.StorageLevel.MEMORY_ONLY());
        String m = assertThrows(DataException.class, () -> DataPreparer.prepare(table(new ArrayList<>(rows)), null,
                new ColumnSpec(List.of("a"), List.of(), "y", null, Task.REGRESSION, null, null), opt)).getMessage();
        assertMentions(m, "no training rows are left", "data.validation");
    }
}
