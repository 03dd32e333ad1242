// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code data} section.
 *
 * <ul>
 *   <li>{@code features}: one vector column (ml.linalg Vector or array of numbers) or numeric columns;
 *       a single name is resolved against the schema by the data layer.</li>
 *   <li>{@code categorical}: integer-indexed columns fed to embeddings.</li>
 *   <li>{@code validationFraction} in [0, 1) or {@code validationPath} (never both): a path is read with
 *       the same format and options as {@code train}.</li>
 *   <li>{@code numClasses} null means max label + 1; {@code classNames} null means "0", "1", ...</li>
 *   <li>{@code partitions} null means Spark's default parallelism.</li>
 * </ul>
 */
public record DataConfig(String train, String format, Map<String, String> options, List<String> features,
                         List<String> categorical, String label, String weight, double validationFraction,
                         String validationPath, String test, boolean standardize, Integer partitions,
                         Integer numClasses, List<String> classNames) {
    public DataConfig {
        if (train == null || train.isBlank()) {
            throw new ConfigException("data.train is required: the path (or table name) of the training data");
        }
        if (!Names.FORMATS.containsValue(format)) {
            throw new ConfigException("data.format must be one of " + String.join(", ", Names.FORMATS.keySet())
                    + ", got '" + format + "'");
        }
        options = Map.copyOf(options);
        features = List.copyOf(features);
        categorical = List.copyOf(categorical);
        classNames = classNames == null ? null : List.copyOf(classNames);
        if (features.isEmpty() && categorical.isEmpty()) {
            throw new ConfigException("data.features must name a vector column or at least one numeric column");
        }
        if (label == null || label.isBlank()) {
            throw new ConfigException("data.label must name the label column");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new ConfigException("data.validation must be a fraction in [0, 1) or a path, got " + validationFraction);
        }
        if (partitions != null && partitions < 1) {
            throw new ConfigException("data.partitions must be >= 1, got " + partitions);
        }
        if (numClasses != null && numClasses < 2) {
            throw new ConfigException("data.classes must be >= 2, got " + numClasses);
        }
        if (classNames != null && numClasses != null && classNames.size() != numClasses) {
            throw new ConfigException("data.classes lists " + classNames.size() + " names but says " + numClasses + " classes");
        }
        checkDistinct(features, categorical, label, weight);
    }

    /** Every default in one place; {@code train} has none. */
    public static DataConfig defaults(String train) {
        return new DataConfig(train, "parquet", Map.of(), List.of("features"), List.of(), "label", null, 0.1,
                null, null, true, null, null, null);
    }

    /** The number of classes, from {@code classes: N} or the length of {@code classes: [names]}; null if auto. */
    public Integer classCount() {
        return numClasses != null ? numClasses : classNames == null ? null : classNames.size();
    }

    public boolean hasValidation() {
        return validationPath != null || validationFraction > 0;
    }

    private static void checkDistinct(List<String> features, List<String> categorical, String label, String weight) {
        Set<String> seen = new HashSet<>();
        for (String c : features) {
            if (!seen.add(c)) {
                throw new ConfigException("data.features names column '" + c + "' twice");
            }
        }
        for (String c : categorical) {
            if (!seen.add(c)) {
                throw new ConfigException("data.categorical column '" + c + "' is also in data.features or listed twice");
            }
        }
        if (seen.contains(label)) {
            throw new ConfigException("data.label column '" + label + "' is also used as an input column");
        }
        if (weight != null && (seen.contains(weight) || weight.equals(label))) {
            throw new ConfigException("data.weight column '" + weight + "' is also used as an input or label column");
        }
    }
}
