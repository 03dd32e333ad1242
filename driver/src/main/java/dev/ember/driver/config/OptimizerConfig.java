// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import java.util.List;

/**
 * {@code training.optimizer}, with PyTorch's names, meanings and defaults. Which keys each optimiser
 * takes ({@link #keysOf}) and their defaults ({@link #defaults}) are listed here and nowhere else:
 *
 * <pre>
 * sgd       lr 0.01   weight_decay 0     momentum 0, dampening 0, nesterov false
 * adam      lr 0.001  weight_decay 0     betas [0.9, 0.999], eps 1e-8, amsgrad false
 * adamw     lr 0.001  weight_decay 0.01  betas [0.9, 0.999], eps 1e-8, amsgrad false
 * rmsprop   lr 0.01   weight_decay 0     rho 0.99 (PyTorch's alpha), eps 1e-8, momentum 0
 * adagrad   lr 0.01   weight_decay 0     eps 1e-10
 * adadelta  lr 1.0    weight_decay 0     rho 0.9, eps 1e-6
 * </pre>
 * Fields an optimiser does not take keep their default and are ignored.
 */
public record OptimizerConfig(String name, double lr, double weightDecay, double momentum, double dampening,
                              boolean nesterov, double beta1, double beta2, double eps, double rho, boolean amsgrad) {
    public OptimizerConfig {
        if (!Names.OPTIMIZERS.containsValue(name)) {
            throw new ConfigException("training.optimizer.name must be one of "
                    + String.join(", ", Names.OPTIMIZERS.keySet()) + ", got '" + name + "'");
        }
        positive("lr", lr);
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new ConfigException("training.optimizer.weight_decay must be >= 0, got " + weightDecay);
        }
        fraction("momentum", momentum);
        fraction("dampening", dampening);
        fraction("betas[0]", beta1);
        fraction("betas[1]", beta2);
        fraction("rho", rho);
        positive("eps", eps);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new ConfigException("training.optimizer.nesterov needs momentum > 0 and dampening 0, got momentum "
                    + momentum + " and dampening " + dampening);
        }
    }

    public static OptimizerConfig defaults() {
        return defaults("adam");
    }

    /** The defaults of optimiser {@code name} (already canonical). */
    public static OptimizerConfig defaults(String name) {
        double lr = switch (name) {
            case "adam", "adamw" -> 1e-3;
            case "adadelta" -> 1.0;
            default -> 1e-2;
        };
        double eps = switch (name) {
            case "adagrad" -> 1e-10;
            case "adadelta" -> 1e-6;
            default -> 1e-8;
        };
        double rho = name.equals("rmsprop") ? 0.99 : 0.9;
        double weightDecay = name.equals("adamw") ? 0.01 : 0.0;
        return new OptimizerConfig(name, lr, weightDecay, 0, 0, false, 0.9, 0.999, eps, rho, false);
    }

    /** The keys optimiser {@code name} accepts besides {@code name}. */
    public static List<String> keysOf(String name) {
        return switch (name) {
            case "sgd" -> List.of("lr", "weight_decay", "momentum", "dampening", "nesterov");
            case "adam", "adamw" -> List.of("lr", "weight_decay", "betas", "eps", "amsgrad");
            case "rmsprop" -> List.of("lr", "weight_decay", "rho", "eps", "momentum");
            case "adagrad" -> List.of("lr", "weight_decay", "eps");
            case "adadelta" -> List.of("lr", "weight_decay", "rho", "eps");
            default -> throw new IllegalArgumentException("unknown optimiser " + name);
        };
    }

    private static void positive(String key, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new ConfigException("training.optimizer." + key + " must be > 0, got " + v);
        }
    }

    private static void fraction(String key, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new ConfigException("training.optimizer." + key + " must be in [0, 1), got " + v);
        }
    }
}
