// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import dev.ember.driver.optim.Optimizer;
import dev.ember.driver.optim.Optimizers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code training.optimizer}: a name and that optimiser's options, exactly as written. The options
 * and their defaults belong to {@link Optimizers} (one place); this record only checks, at config
 * time, that they build, so a bad value is reported before Spark starts, naming the key.
 * PyTorch's {@code betas: [b1, b2]} is accepted as {@code beta1}/{@code beta2}.
 */
public record OptimizerConfig(String name, Map<String, Object> options) {
    public OptimizerConfig {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        build(name, options);
    }

    public static OptimizerConfig defaults() {
        return new OptimizerConfig("adam", Map.of());
    }

    /** The optimiser these settings describe. */
    public Optimizer build() {
        return build(name, options);
    }

    /** The base learning rate (the optimiser's default when not given). */
    public double lr() {
        return build().lr();
    }

    private static Optimizer build(String name, Map<String, Object> options) {
        try {
            return Optimizers.fromConfig(name, options);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigMessages.nameKeys("training.optimizer", name, e.getMessage()));
        }
    }
}
