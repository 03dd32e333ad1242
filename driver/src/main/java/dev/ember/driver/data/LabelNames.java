// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import dev.ember.driver.config.Task;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Names for the model's outputs: the config's {@code data.classes} list, else the label column's ML
 * metadata (as StringIndexer writes it), else the class indices "0", "1", ...; for regression the label
 * column's name (with {@code [i]} for a vector label).
 */
final class LabelNames {
    private LabelNames() {}

    /** Class names from the label column's nominal metadata, or null if it has none. */
    static List<String> fromMetadata(StructType schema, String label) {
        if (label == null || !Arrays.asList(schema.fieldNames()).contains(label)) {
            return null;
        }
        StructField f = schema.apply(label);
        try {
            Attribute a = Attribute.fromStructField(f);
            if (a instanceof NominalAttribute n && n.values().isDefined()) {
                return Arrays.asList(n.values().get());
            }
        } catch (RuntimeException e) {
            // NOTE: metadata of another shape (e.g. numeric) carries no names; fall back to indices.
        }
        return null;
    }

    static List<String> of(ColumnSpec spec, List<String> metadata, int numClasses, int labelWidth) {
        if (spec.task() == Task.REGRESSION) {
            if (labelWidth == 1) {
                return List.of(spec.label());
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < labelWidth; i++) {
                names.add(spec.label() + "[" + i + "]");
            }
            return names;
        }
        if (spec.classNames() != null) {
            return spec.classNames();
        }
        if (metadata != null && metadata.size() == numClasses) {
            return metadata;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < numClasses; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }
}
