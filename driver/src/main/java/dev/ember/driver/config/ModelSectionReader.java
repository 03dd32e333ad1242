// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Reads the {@code model} section: task, the hidden layers, loss, init and embedding size. */
final class ModelSectionReader {
    private static final List<String> LAYER_KINDS = List.of("dense", "dropout", "activation");

    private ModelSectionReader() {}

    static ModelConfig model(ConfigNode n) {
        ModelConfig d = ModelConfig.defaults();
        Task task = Task.of(n.choice("task", d.task().configName(), Names.TASKS));
        List<ConfigNode> entries = JobConfigReader.list(n, "layers");
        List<LayerConfig> layers = d.layers();
        if (entries != null) {
            layers = new ArrayList<>();
            for (ConfigNode entry : entries) {
                layers.add(layer(entry));
            }
        }
        ModelConfig c = new ModelConfig(task, layers, loss(n), n.choice("init", d.init(), Names.INITS),
                n.optionalInteger("embedding_dim"));
        n.finish();
        return c;
    }

    private static LossConfig loss(ConfigNode n) {
        LossConfig d = LossConfig.defaults();
        JsonNode v = n.raw("loss");
        if (v == null || v.isValueNode()) {
            return new LossConfig(n.choice("loss", d.name(), Names.LOSSES), d.delta());
        }
        ConfigNode m = n.child("loss");
        String name = m.choice("name", d.name(), Names.LOSSES);
        double delta = name.equals("huber") ? m.number("delta", d.delta()) : d.delta();
        m.finish("loss " + name);
        return new LossConfig(name, delta);
    }

    private static LayerConfig layer(ConfigNode n) {
        try {
            LayerConfig layer;
            if (n.has("dense")) {
                layer = dense(n);
            } else if (n.has("dropout")) {
                layer = new LayerConfig.Dropout(n.number("dropout", 0));
            } else if (n.has("activation")) {
                String name = n.choice("activation", null, Names.ACTIVATIONS);
                layer = new LayerConfig.Activation(name, alpha(n, name));
            } else {
                throw new ConfigException(n.path() + " must have one of the keys " + String.join(", ", LAYER_KINDS)
                        + ", got " + n.describeSelf());
            }
            n.finish();
            return layer;
        } catch (ConfigException e) {
            throw prefixed(n, e);
        }
    }

    private static LayerConfig dense(ConfigNode n) {
        int units = n.integer("dense", 0);
        String activation = n.choice("activation", "identity", Names.ACTIVATIONS);
        return new LayerConfig.Dense(units, activation, alpha(n, activation), n.bool("bias", true),
                n.choice("init", "auto", Names.INITS));
    }

    /** leaky_relu takes {@code slope}, elu takes {@code alpha}; other activations take neither. */
    private static double alpha(ConfigNode n, String activation) {
        double dflt = LayerConfig.defaultAlpha(activation);
        if (activation.equals("leaky_relu")) {
            return n.number("slope", dflt);
        }
        if (activation.equals("elu")) {
            return n.number("alpha", dflt);
        }
        return dflt;
    }

    /** Record messages name the entry's own key ("dropout must be ..."); give them the entry's path. */
    private static ConfigException prefixed(ConfigNode n, ConfigException e) {
        String msg = e.getMessage();
        if (msg.startsWith(n.path()) || msg.startsWith("unknown key")) {
            return e;
        }
        return new ConfigException(n.path() + "." + msg, e);
    }
}
