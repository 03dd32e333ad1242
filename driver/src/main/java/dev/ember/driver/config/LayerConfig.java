// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

/**
 * One entry of {@code model.layers}, as written in the config (the model builder maps it to worker
 * layers). Activation names are canonical: relu, leaky_relu, elu, sigmoid, tanh, selu, silu, gelu,
 * identity, softmax. {@code alpha} is leaky_relu's slope (default 0.01) or elu's alpha (default 1.0),
 * and 0 for the others. Messages name the entry's own keys; the reader prefixes {@code model.layers[i]}.
 */
public sealed interface LayerConfig permits LayerConfig.Dense, LayerConfig.Dropout, LayerConfig.Activation {

    /** {@code {dense: units, activation: name, bias: true, init: name}}; init "auto" means model.init. */
    record Dense(int units, String activation, double alpha, boolean bias, String init) implements LayerConfig {
        public Dense {
            if (units < 1) {
                throw new ConfigException("dense must be a number of units >= 1, got " + units);
            }
            checkActivation(activation, alpha);
        }
    }

    /** {@code {dropout: p}}: zeroes each unit with probability p during training. */
    record Dropout(double p) implements LayerConfig {
        public Dropout {
            if (!(p >= 0 && p < 1)) {
                throw new ConfigException("dropout must be a probability in [0, 1), got " + p);
            }
        }
    }

    /** {@code {activation: name}} on its own. */
    record Activation(String name, double alpha) implements LayerConfig {
        public Activation {
            checkActivation(name, alpha);
        }
    }

    /** The default parameter of an activation: leaky_relu's slope 0.01, elu's alpha 1.0, else 0. */
    static double defaultAlpha(String activation) {
        return switch (activation) {
            case "leaky_relu" -> 0.01;
            case "elu" -> 1.0;
            default -> 0.0;
        };
    }

    private static void checkActivation(String name, double alpha) {
        if (!Names.ACTIVATIONS.containsValue(name)) {
            throw new ConfigException("activation must be one of " + String.join(", ", Names.ACTIVATIONS.keySet())
                    + ", got '" + name + "'");
        }
        if (!Double.isFinite(alpha) || alpha < 0 || (name.equals("elu") && alpha == 0)) {
            String key = name.equals("leaky_relu") ? "slope" : "alpha";
            throw new ConfigException(key + " of " + name + " must be a finite number > 0, got " + alpha);
        }
    }
}
