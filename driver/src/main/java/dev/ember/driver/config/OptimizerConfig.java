// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.driver.optim.Adam;
import dev.ember.driver.optim.Optimizer;
import dev.ember.driver.optim.Optimizers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code training.optimizer}: the optimiser, built once when the config is read (optimisers are
 * immutable records), and its options as written, which a resumed run compares with the
 * checkpoint's. The keys and their defaults are read by {@link OptimReader}; each record checks
 * its ranges. PyTorch's {@code betas: [b1, b2]} is accepted as {@code beta1}/{@code beta2}.
 */
public record OptimizerConfig(Optimizer optimizer, Map<String, String> written) {
    public OptimizerConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        written = Collections.unmodifiableMap(new LinkedHashMap<>(written));
    }

    public static OptimizerConfig defaults() {
        return new OptimizerConfig(Adam.defaults(), Map.of());
    }

    /**
     * The optimiser {@code name} (any case) at learning rate {@code lr}, the other options at their
     * defaults, read as {@code training.optimizer} is (for the Spark ML estimators). Messages name
     * the option as {@code adam.lr}.
     *
     * @throws IllegalArgumentException for an unknown name or a rate the optimiser rejects
     */
    public static OptimizerConfig of(String name, double lr) {
        String canonical = name == null ? null : Names.OPTIMIZERS.get(name.trim().toLowerCase(Locale.ROOT));
        if (canonical == null) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: "
                    + String.join(", ", Names.OPTIMIZERS.keySet()));
        }
        ObjectNode options = JsonNodeFactory.instance.objectNode().put("lr", lr);
        try {
            return OptimReader.optimizer(canonical, new ConfigNode(canonical, options));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The config name ({@code sgd} for momentum too). */
    public String name() {
        return Optimizers.nameOf(optimizer);
    }

    /** The base learning rate (the optimiser's default when not given). */
    public double lr() {
        return optimizer.lr();
    }
}
