// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binary classification metrics: {@code loss}, {@code accuracy}, {@code auc}.
 *
 * @param loss mean loss (given)
 * @param accuracy weighted fraction of rows classified correctly at threshold 0.5
 * @param auc area under the ROC curve
 * @param aucErrorBound how far {@code auc} may be from the exact value (0 when exact); not a metric
 */
public record BinaryResult(double loss, double accuracy, double auc, double aucErrorBound)
        implements EvaluationResult {
    @Override
    public Map<String, Double> values() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(MetricNames.LOSS, loss);
        m.put(MetricNames.ACCURACY, accuracy);
        m.put(MetricNames.AUC, auc);
        return m;
    }
}
