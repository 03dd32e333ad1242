// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import dev.ember.driver.config.Task;
import dev.ember.driver.config.DataConfig;

import java.io.Serializable;
import java.util.List;

/**
 * Which columns feed the network, as the config names them. {@code features}: one vector column or
 * numeric columns; {@code label} null when predicting; {@code numClasses} null means max label + 1.
 */
public record ColumnSpec(List<String> features, List<String> categorical, String label, String weight, Task task,
                         Integer numClasses, List<String> classNames) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ColumnSpec {
        features = List.copyOf(features);
        categorical = List.copyOf(categorical);
        classNames = classNames == null ? null : List.copyOf(classNames);
    }

    public static ColumnSpec of(DataConfig data, Task task) {
        return new ColumnSpec(data.features(), data.categorical(), data.label(), data.weight(), task,
                data.classCount(), data.classNames());
    }

    /** The same inputs without label and weight, for scoring data that has neither. */
    public ColumnSpec forPrediction() {
        return new ColumnSpec(features, categorical, null, null, task, numClasses, classNames);
    }
}
