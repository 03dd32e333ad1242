// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

/**
 * {@code model.loss}: auto | cross_entropy | binary_cross_entropy | mse | mae | huber, written as a name
 * or as {@code {name: huber, delta: 1.0}}. "auto" means cross_entropy for classification,
 * binary_cross_entropy for binary and mse for regression ({@link #resolve}).
 */
public record LossConfig(String name, double delta) {
    public LossConfig {
        if (!Names.LOSSES.containsValue(name)) {
            throw new ConfigException("model.loss must be one of " + String.join(", ", Names.LOSSES.keySet())
                    + ", got '" + name + "'");
        }
        if (!(delta > 0) || !Double.isFinite(delta)) {
            throw new ConfigException("model.loss.delta must be > 0, got " + delta);
        }
    }

    public static LossConfig defaults() {
        return new LossConfig("auto", 1.0);
    }

    /** The concrete loss for {@code task}; throws if the named loss does not fit the task. */
    public LossConfig resolve(Task task) {
        String natural = switch (task) {
            case CLASSIFICATION -> "cross_entropy";
            case BINARY -> "binary_cross_entropy";
            case REGRESSION -> "mse";
        };
        if (name.equals("auto")) {
            return new LossConfig(natural, delta);
        }
        boolean regressionLoss = name.equals("mse") || name.equals("mae") || name.equals("huber");
        boolean fits = task == Task.REGRESSION ? regressionLoss : name.equals(natural);
        if (!fits) {
            throw new ConfigException("model.loss " + name + " does not fit model.task " + task
                    + ": use " + (task == Task.REGRESSION ? "mse, mae or huber" : natural) + " (or auto)");
        }
        return this;
    }
}
