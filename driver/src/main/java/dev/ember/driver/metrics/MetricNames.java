// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

import java.util.regex.Pattern;

/**
 * The names of the metrics, as written to metrics.json and named in a config's early-stopping
 * rule, and which direction is better for each.
 * <pre>
 *   loss            MIN   mean loss of the model's own loss function
 *   accuracy        MAX   fraction (by weight) of rows whose top class is the label
 *   top{k}_accuracy MAX   fraction (by weight) of rows whose label is among the k top classes
 *   auc             MAX   area under the ROC curve (binary)
 *   rmse, mae       MIN   root mean squared error, mean absolute error (regression)
 *   r2              MAX   coefficient of determination 1 − SSE/SST
 * </pre>
 */
public final class MetricNames {
    public static final String LOSS = "loss";
    public static final String ACCURACY = "accuracy";
    public static final String AUC = "auc";
    public static final String RMSE = "rmse";
    public static final String MAE = "mae";
    public static final String R2 = "r2";

    private static final Pattern TOP_K = Pattern.compile("top([1-9][0-9]*)_accuracy");

    private MetricNames() {}

    /** {@code top5_accuracy} for k = 5. */
    public static String topK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top-k accuracy needs k >= 1, got " + k);
        }
        return "top" + k + "_accuracy";
    }

    /** Whether smaller or larger values of {@code name} are better. */
    public static Direction direction(String name) {
        if (name == null) {
            throw new IllegalArgumentException("metric name is missing");
        }
        switch (name) {
            case LOSS:
            case RMSE:
            case MAE:
                return Direction.MIN;
            case ACCURACY:
            case AUC:
            case R2:
                return Direction.MAX;
            default:
                if (TOP_K.matcher(name).matches()) {
                    return Direction.MAX;
                }
                throw new IllegalArgumentException("unknown metric '" + name
                        + "'; known: loss, accuracy, top<k>_accuracy (e.g. top5_accuracy), auc, rmse, mae, r2");
        }
    }
}
