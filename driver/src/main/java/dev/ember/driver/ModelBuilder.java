// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.config.ConfigException;
import dev.ember.driver.config.LayerConfig;
import dev.ember.driver.config.ModelConfig;
import dev.ember.driver.config.Task;
import dev.ember.worker.NetworkSpec;
import dev.ember.worker.nn.BceWithLogits;
import dev.ember.worker.nn.CrossEntropy;
import dev.ember.worker.nn.Dense;
import dev.ember.worker.nn.Dropout;
import dev.ember.worker.nn.Elu;
import dev.ember.worker.nn.Embedding;
import dev.ember.worker.nn.Gelu;
import dev.ember.worker.nn.Huber;
import dev.ember.worker.nn.Identity;
import dev.ember.worker.nn.Init;
import dev.ember.worker.nn.L1;
import dev.ember.worker.nn.Layer;
import dev.ember.worker.nn.LeakyRelu;
import dev.ember.worker.nn.Loss;
import dev.ember.worker.nn.Mse;
import dev.ember.worker.nn.Relu;
import dev.ember.worker.nn.Selu;
import dev.ember.worker.nn.Sigmoid;
import dev.ember.worker.nn.Silu;
import dev.ember.worker.nn.Softmax;
import dev.ember.worker.nn.Tanh;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the {@code model} section of a job config, and what the data revealed (input width,
 * categorical cardinalities, classes), into a {@link NetworkSpec}. The output layer comes from the
 * task: {@code classes} logits with cross-entropy, one logit with binary cross-entropy, or one unit
 * per regression target; an empty {@code layers} list is therefore a linear model.
 */
public final class ModelBuilder {
    private ModelBuilder() {}

    /** The embedding width of a categorical column: {@code model.embedding_dim}, else min(50, ⌈(c+1)/2⌉). */
    static int embeddingDim(Integer configured, int cardinality) {
        return configured != null ? configured : Math.max(1, Math.min(50, (cardinality + 2) / 2));
    }

    public static NetworkSpec build(ModelConfig model, int numericWidth, int[] cardinalities, int numClasses,
            int labelWidth) {
        Task task = model.task();
        List<Embedding> embeddings = new ArrayList<>();
        for (int c : cardinalities) {
            embeddings.add(new Embedding(c, embeddingDim(model.embeddingDim(), c)));
        }
        List<Layer> layers = new ArrayList<>();
        for (LayerConfig lc : model.layers()) {
            if (lc instanceof LayerConfig.Dense d) {
                layers.add(new Dense(d.units(), d.bias(), init(d.init().equals("auto") ? model.init() : d.init())));
                addActivation(layers, d.activation(), d.alpha());
            } else if (lc instanceof LayerConfig.Dropout d) {
                layers.add(new Dropout((float) d.p()));
            } else if (lc instanceof LayerConfig.Activation a) {
                addActivation(layers, a.name(), a.alpha());
            } else {
                throw new AssertionError("unhandled layer config " + lc);
            }
        }
        String lossName = model.loss().name();
        Init outputInit = init(model.init());
        Loss loss;
        int labels;
        switch (task) {
            case CLASSIFICATION -> {
                if (numClasses < 2) {
                    throw new ConfigException("model.task classification needs at least 2 classes in the label,"
                            + " found " + numClasses + ": use task binary or regression");
                }
                layers.add(new Dense(numClasses, true, outputInit));
                loss = new CrossEntropy();
                labels = 1;
            }
            case BINARY -> {
                layers.add(new Dense(1, true, outputInit));
                loss = new BceWithLogits();
                labels = 1;
            }
            case REGRESSION -> {
                layers.add(new Dense(labelWidth, true, outputInit));
                loss = switch (lossName) {
                    case "mae" -> new L1();
                    case "huber" -> new Huber((float) model.loss().delta());
                    default -> new Mse();
                };
                labels = labelWidth;
            }
            default -> throw new AssertionError(task);
        }
        return new NetworkSpec(numericWidth, embeddings, layers, loss, labels);
    }

    private static void addActivation(List<Layer> layers, String name, double alpha) {
        switch (name) {
            case "identity" -> { }
            case "relu" -> layers.add(new Relu());
            case "leaky_relu" -> layers.add(new LeakyRelu((float) alpha));
            case "elu" -> layers.add(new Elu((float) alpha));
            case "sigmoid" -> layers.add(new Sigmoid());
            case "tanh" -> layers.add(new Tanh());
            case "selu" -> layers.add(new Selu());
            case "silu" -> layers.add(new Silu());
            case "gelu" -> layers.add(new Gelu());
            case "softmax" -> layers.add(new Softmax());
            default -> throw new ConfigException("unknown activation '" + name + "'");
        }
    }

    static Init init(String name) {
        return switch (name) {
            case "auto" -> Init.auto();
            case "glorot_uniform" -> new Init.GlorotUniform();
            case "glorot_normal" -> new Init.GlorotNormal();
            case "he_uniform" -> new Init.KaimingUniform();
            case "he_normal" -> new Init.KaimingNormal();
            case "lecun_normal" -> new Init.LecunNormal();
            case "zeros" -> new Init.Zeros();
            default -> throw new ConfigException("model.init '" + name + "' is not supported; use auto, glorot_uniform,"
                    + " glorot_normal, he_uniform, he_normal, lecun_normal or zeros");
        };
    }
}
