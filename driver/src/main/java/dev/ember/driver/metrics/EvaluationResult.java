// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

import java.util.Map;

/**
 * The metrics of one evaluation, one record per kind of task. {@link #values()} gives them under
 * their {@link MetricNames} (the keys of metrics.json), in a fixed order, loss first.
 */
public sealed interface EvaluationResult permits ClassificationResult, BinaryResult, RegressionResult {

    /** Metric name to value, in a fixed order. */
    Map<String, Double> values();

    /**
     * The value of metric {@code name}.
     *
     * @throws IllegalArgumentException if this result has no such metric
     */
    default double get(String name) {
        Double value = values().get(name);
        if (value == null) {
            throw new IllegalArgumentException("metric '" + name + "' is not computed for this task; available: "
                    + String.join(", ", values().keySet()));
        }
        return value;
    }
}
