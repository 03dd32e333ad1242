// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import dev.ember.driver.config.Task;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link ColumnSpec} checked against a schema: every column exists and has a usable type. The rows the
 * packer sees hold {@link #selected()} in this order: features (one vector column or n numeric
 * columns), categorical columns, then the label and the weight if present.
 */
record InputColumns(boolean vectorFeatures, List<String> featureColumns, List<String> categorical, String label,
                    boolean vectorLabel, String weight, Task task) implements Serializable {
    private static final long serialVersionUID = 1L;

    static InputColumns resolve(StructType schema, ColumnSpec spec) {
        for (String c : spec.features()) {
            field(schema, c, "data.features");
        }
        boolean vector = spec.features().size() == 1 && isVector(field(schema, spec.features().get(0), "").dataType());
        if (!vector) {
            for (String c : spec.features()) {
                requireType(field(schema, c, "data.features"), isNumeric(field(schema, c, "").dataType()),
                        "a numeric type or, as the only feature column, a vector or array of numbers"
                                + " (encode strings with StringIndexer and list them in data.categorical)");
            }
        }
        for (String c : spec.categorical()) {
            requireType(field(schema, c, "data.categorical"), isNumeric(field(schema, c, "").dataType()),
                    "an integer category index (encode strings with StringIndexer first)");
        }
        boolean vectorLabel = false;
        if (spec.label() != null) {
            StructField f = field(schema, spec.label(), "data.label");
            vectorLabel = spec.task() == Task.REGRESSION && isVector(f.dataType());
            boolean ok = isNumeric(f.dataType()) || vectorLabel
                    || spec.task() == Task.BINARY && f.dataType() instanceof BooleanType;
            requireType(f, ok, switch (spec.task()) {
                case CLASSIFICATION -> "an integer class index 0..K-1 (encode strings with StringIndexer first)";
                case BINARY -> "0/1 numbers or booleans";
                case REGRESSION -> "a numeric type or a vector of numbers";
            });
        }
        if (spec.weight() != null) {
            StructField f = field(schema, spec.weight(), "data.weight");
            requireType(f, isNumeric(f.dataType()), "a numeric sample weight");
        }
        return new InputColumns(vector, spec.features(), spec.categorical(), spec.label(), vectorLabel,
                spec.weight(), spec.task());
    }

    String[] selected() {
        List<String> cols = new ArrayList<>(featureColumns);
        cols.addAll(categorical);
        if (label != null) {
            cols.add(label);
        }
        if (weight != null) {
            cols.add(weight);
        }
        return cols.toArray(new String[0]);
    }

    int featureFields() {
        return vectorFeatures ? 1 : featureColumns.size();
    }

    int categoricalStart() {
        return featureFields();
    }

    int labelIndex() {
        return featureFields() + categorical.size();
    }

    int weightIndex() {
        return labelIndex() + (label == null ? 0 : 1);
    }

    /** The names of the per-column bad-row counters for features: the vector column, or each numeric column. */
    List<String> featureCounterNames() {
        return vectorFeatures ? List.of(featureColumns.get(0)) : featureColumns;
    }

    private static StructField field(StructType schema, String name, String key) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new DataException("column '" + name + "' (" + key + ") does not exist; the data has columns "
                + Arrays.toString(schema.fieldNames()) + ": fix " + key + " or the data");
    }

    private static void requireType(StructField f, boolean ok, String expected) {
        if (!ok) {
            throw new DataException("column '" + f.name() + "' has type " + f.dataType().simpleString()
                    + ", but it must be " + expected);
        }
    }

    static boolean isNumeric(DataType t) {
        return t instanceof NumericType || t instanceof DecimalType;
    }

    static boolean isVector(DataType t) {
        if (t.equals(SQLDataTypes.VectorType()) || t.typeName().equals("vector")) {
            return true;
        }
        return t instanceof ArrayType a && isNumeric(a.elementType());
    }
}
