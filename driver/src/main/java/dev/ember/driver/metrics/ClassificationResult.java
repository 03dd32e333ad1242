// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multi-class metrics: {@code loss}, {@code accuracy}, and {@code top{k}_accuracy} when k &gt; 1.
 *
 * @param loss mean loss, as computed by the model's loss (given, not derived here)
 * @param accuracy weighted fraction of rows whose top class is the label
 * @param k the k of top-k (1 means no top-k metric)
 * @param topKAccuracy weighted fraction of rows whose label ranks among the top k
 */
public record ClassificationResult(double loss, double accuracy, int k, double topKAccuracy)
        implements EvaluationResult {
    @Override
    public Map<String, Double> values() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(MetricNames.LOSS, loss);
        m.put(MetricNames.ACCURACY, accuracy);
        if (k > 1) {
            m.put(MetricNames.topK(k), topKAccuracy);
        }
        return m;
    }
}
