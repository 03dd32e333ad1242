// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Regression metrics: {@code loss}, {@code rmse}, {@code mae}, {@code r2}.
 *
 * @param loss mean loss (given)
 * @param rmse √(Σ w·e² / Σ w) over every output
 * @param mae Σ w·|e| / Σ w over every output
 * @param r2 1 − SSE/SST, averaged over the outputs
 */
public record RegressionResult(double loss, double rmse, double mae, double r2) implements EvaluationResult {
    @Override
    public Map<String, Double> values() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(MetricNames.LOSS, loss);
        m.put(MetricNames.RMSE, rmse);
        m.put(MetricNames.MAE, mae);
        m.put(MetricNames.R2, r2);
        return m;
    }
}
