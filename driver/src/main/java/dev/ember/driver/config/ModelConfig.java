// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import java.util.List;

/**
 * The {@code model} section. {@code layers} are the hidden layers; the model builder appends the
 * output layer, whose width comes from the data (the number of classes, 1 for binary, the label width
 * for regression), and the loss supplies the output's softmax or sigmoid. {@code loss} is already
 * resolved against {@code task} (never "auto"). {@code embeddingDim} null means auto (chosen per
 * categorical column from its cardinality).
 */
public record ModelConfig(Task task, List<LayerConfig> layers, LossConfig loss, String init, Integer embeddingDim) {
    public ModelConfig {
        java.util.Objects.requireNonNull(task, "model.task");
        layers = List.copyOf(layers);
        loss = loss.resolve(task);
        if (!Names.INITS.containsValue(init)) {
            throw new ConfigException("model.init must be one of " + String.join(", ", Names.INITS.keySet())
                    + ", got '" + init + "'");
        }
        if (embeddingDim != null && embeddingDim < 1) {
            throw new ConfigException("model.embedding_dim must be >= 1 or auto, got " + embeddingDim);
        }
        checkNoOutputActivation(layers);
    }

    public static ModelConfig defaults() {
        return new ModelConfig(Task.CLASSIFICATION, List.of(
                new LayerConfig.Dense(256, "relu", 0, true, "auto"),
                new LayerConfig.Dropout(0.2),
                new LayerConfig.Dense(128, "relu", 0, true, "auto")),
                LossConfig.defaults(), "auto", null);
    }

    private static void checkNoOutputActivation(List<LayerConfig> layers) {
        for (int i = 0; i < layers.size(); i++) {
            LayerConfig l = layers.get(i);
            boolean softmax = l instanceof LayerConfig.Activation a && a.name().equals("softmax")
                    || l instanceof LayerConfig.Dense d && d.activation().equals("softmax");
            if (softmax) {
                throw new ConfigException("model.layers[" + i + "] uses softmax, but the output layer and its softmax"
                        + " are added from model.task and model.loss: remove it");
            }
        }
    }
}
