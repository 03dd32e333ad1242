// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

/**
 * {@code training.early_stopping}: stop when the validation {@code metric} has not improved by more than
 * {@code minDelta} for {@code patience} epochs. {@code mode} is resolved: "min" for loss, rmse, mae;
 * "max" for accuracy, auc, r2.
 */
public record EarlyStoppingConfig(String metric, int patience, double minDelta, String mode) {
    public EarlyStoppingConfig {
        if (!Names.METRICS.containsValue(metric)) {
            throw new ConfigException("training.early_stopping.metric must be one of "
                    + String.join(", ", Names.METRICS.keySet()) + ", got '" + metric + "'");
        }
        if (patience < 1) {
            throw new ConfigException("training.early_stopping.patience must be >= 1 epoch, got " + patience);
        }
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw new ConfigException("training.early_stopping.min_delta must be >= 0, got " + minDelta);
        }
        if (mode.equals("auto")) {
            mode = naturalMode(metric);
        }
        if (!mode.equals("min") && !mode.equals("max")) {
            throw new ConfigException("training.early_stopping.mode must be auto, min or max, got '" + mode + "'");
        }
    }

    public static EarlyStoppingConfig defaults() {
        return new EarlyStoppingConfig("loss", 5, 0.0, "auto");
    }

    static String naturalMode(String metric) {
        return switch (metric) {
            case "accuracy", "auc", "r2" -> "max";
            default -> "min";
        };
    }

    /** True if {@code metric} is computed for {@code task}. */
    boolean fits(Task task) {
        return switch (metric) {
            case "loss" -> true;
            case "accuracy" -> task != Task.REGRESSION;
            case "auc" -> task == Task.BINARY;
            default -> task == Task.REGRESSION;
        };
    }
}
