// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.score;

import dev.ember.driver.data.DataException;
import dev.ember.driver.model.Preprocessing;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Where a row's network inputs are, resolved once against the input schema on the driver: the
 * features as one vector column, one array column or several numeric columns, then the categorical
 * columns. {@link #read} copies one row's raw values into a micro-batch buffer; a value that cannot
 * be scored (null, wrong width, an unknown category) fails with a {@link DataException} naming the column.
 */
record ScoringInputs(Kind kind, int[] features, String[] featureNames, int[] categorical, String[] categoricalNames)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How the numeric features are stored in a row. */
    enum Kind { VECTOR, ARRAY, COLUMNS }

    /**
     * The inputs of a model with preprocessing {@code p} in {@code schema}: {@code featuresCol} for a
     * model of one feature column, else the columns it was trained on (an {@code ember train} model of
     * numeric and categorical columns). Throws IllegalArgumentException naming a missing or mistyped column.
     */
    static ScoringInputs resolve(Preprocessing p, String featuresCol, StructType schema) {
        boolean single = p.features().size() == 1 && p.categorical().isEmpty();
        List<String> names = single ? List.of(featuresCol) : p.features();
        Kind kind = Kind.COLUMNS;
        if (names.size() == 1) {
            DataType t = field(schema, names.get(0)).dataType();
            kind = isVector(t) ? Kind.VECTOR : t instanceof ArrayType a && isNumeric(a.elementType()) ? Kind.ARRAY
                    : Kind.COLUMNS;
        }
        if (kind == Kind.COLUMNS) {
            names.forEach(c -> requireNumeric(field(schema, c), names.size() == 1
                    ? "a vector, an array of numbers or a number" : "a number"));
        }
        p.categorical().forEach(c -> requireNumeric(field(schema, c), "an integer category index"));
        return new ScoringInputs(kind, indices(schema, names), names.toArray(new String[0]),
                indices(schema, p.categorical()), p.categorical().toArray(new String[0]));
    }

    /**
     * Writes the row's {@code width} features to {@code x[at..]}, standardised as
     * {@code ((float) v − mean[j]) · inverseStd[j]} when {@code mean} is not null (one pass: this loop is
     * the scorer's per-value hot path).
     */
    void read(Row row, float[] x, int at, int width, float[] mean, float[] inverseStd) {
        if (kind == Kind.COLUMNS) {
            for (int j = 0; j < width; j++) {
                x[at + j] = (float) number(row, features[j], featureNames[j]);
            }
            standardize(x, at, width, mean, inverseStd);
            return;
        }
        Object value = row.get(features[0]);
        if (value instanceof org.apache.spark.mllib.linalg.Vector old) {
            value = old.asML();
        }
        if (value instanceof DenseVector d) {
            checkWidth(d.size(), width);
            double[] v = d.values();
            if (mean == null) {
                for (int j = 0; j < width; j++) {
                    x[at + j] = (float) v[j];
                }
            } else {
                for (int j = 0; j < width; j++) {
                    x[at + j] = ((float) v[j] - mean[j]) * inverseStd[j];
                }
            }
        } else if (value instanceof SparseVector s) {
            checkWidth(s.size(), width);
            Arrays.fill(x, at, at + width, 0f);
            int[] idx = s.indices();
            double[] values = s.values();
            for (int k = 0; k < idx.length; k++) {
                x[at + idx[k]] = (float) values[k];
            }
            standardize(x, at, width, mean, inverseStd);
        } else if (value instanceof scala.collection.Seq<?> seq) {
            checkWidth(seq.length(), width);
            scala.collection.Iterator<?> it = seq.iterator();
            for (int j = 0; j < width; j++) {
                Object e = it.next();
                x[at + j] = e instanceof Number n ? n.floatValue() : Float.NaN;
            }
            standardize(x, at, width, mean, inverseStd);
        } else {
            throw new DataException("feature column '" + featureNames[0] + "' is "
                    + (value == null ? "null" : "a " + value.getClass().getSimpleName()) + " in a row to score");
        }
    }

    private static void standardize(float[] x, int at, int width, float[] mean, float[] inverseStd) {
        if (mean != null) {
            for (int j = 0; j < width; j++) {
                x[at + j] = (x[at + j] - mean[j]) * inverseStd[j];
            }
        }
    }

    /** Copies the row's category indices to {@code c[at..]}, each checked against {@code cardinalities}. */
    void readCategories(Row row, float[] c, int at, int[] cardinalities) {
        for (int k = 0; k < cardinalities.length; k++) {
            double v = number(row, categorical[k], categoricalNames[k]);
            if (!(v >= 0 && v < cardinalities[k] && v == Math.rint(v))) {
                throw new DataException("categorical column '" + categoricalNames[k] + "' has value " + v
                        + " in a row to score, but the model knows the categories 0 .. " + (cardinalities[k] - 1));
            }
            c[at + k] = (float) v;
        }
    }

    /** The name of feature {@code j} in errors: the column, or the vector column and the index. */
    String featureName(int j) {
        return kind == Kind.COLUMNS ? "'" + featureNames[j] + "'" : "'" + featureNames[0] + "' (index " + j + ")";
    }

    private void checkWidth(int size, int width) {
        if (size != width) {
            throw new DataException("feature column '" + featureNames[0] + "' holds " + size
                    + " values in a row to score, but the model was trained on " + width);
        }
    }

    private static double number(Row row, int index, String name) {
        Object value = row.get(index);
        if (!(value instanceof Number num)) {
            throw new DataException("column '" + name + "' is " + (value == null ? "null" : "not a number")
                    + " in a row to score: drop or impute such rows first");
        }
        return num.doubleValue();
    }

    private static boolean isVector(DataType t) {
        return t.typeName().equals("vector");   // ml and mllib VectorUDT alike
    }

    private static boolean isNumeric(DataType t) {
        return t instanceof NumericType;
    }

    private static void requireNumeric(StructField f, String expected) {
        if (!isNumeric(f.dataType())) {
            throw new IllegalArgumentException("column '" + f.name() + "' has type " + f.dataType().simpleString()
                    + ", but the model reads it as " + expected);
        }
    }

    private static StructField field(StructType schema, String name) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("input column '" + name + "' does not exist; the data has columns "
                    + Arrays.toString(schema.fieldNames()));
        }
        return schema.apply(name);
    }

    private static int[] indices(StructType schema, List<String> names) {
        return names.stream().mapToInt(schema::fieldIndex).toArray();
    }
}
