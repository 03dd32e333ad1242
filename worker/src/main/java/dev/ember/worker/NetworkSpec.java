// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ember.tensor.Activation;
import dev.ember.tensor.ParamLayout;
import dev.ember.tensor.Rng;
import dev.ember.worker.nn.ActivationLayer;
import dev.ember.worker.nn.Dense;
import dev.ember.worker.nn.Dropout;
import dev.ember.worker.nn.Embedding;
import dev.ember.worker.nn.Layer;
import dev.ember.worker.nn.Loss;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a network is: its input ({@code numericWidth} numeric features plus one {@link Embedding}
 * per categorical column), its stack of {@link Layer}s, its {@link Loss} and the label width.
 *
 * <p>The first layer sees {@code [numeric | emb_0 | ... | emb_{k−1}]}, {@link #inputWidth()} wide.
 * Parameters live in one flat vector ({@link #layout()}): embedding tables {@code "emb<i>.table"}
 * first, then each {@link Dense} layer's {@code "<layer index>.weight"} ({@code units × in}) and
 * {@code "<layer index>.bias"} ({@code 1 × units}), in order. The compact constructor checks that
 * the widths chain and that the loss fits the output and the labels; {@link #toJson()} and
 * {@link #fromJson} round-trip exactly, and reading rejects unknown and missing fields.
 */
public record NetworkSpec(int numericWidth, List<Embedding> embeddings, List<Layer> layers, Loss loss,
                          int labelWidth) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public NetworkSpec {
        Objects.requireNonNull(embeddings, "embeddings");
        Objects.requireNonNull(layers, "layers");
        Objects.requireNonNull(loss, "loss");
        embeddings = List.copyOf(requireElements("embedding", embeddings));
        layers = List.copyOf(requireElements("layer", layers));
        if (numericWidth < 0) {
            throw new IllegalArgumentException("numericWidth must be >= 0, got " + numericWidth);
        }
        int width = inputWidth(numericWidth, embeddings);
        if (width < 1) {
            throw new IllegalArgumentException("network input is empty: numericWidth 0 and no embeddings");
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("network needs at least one layer");
        }
        for (int i = 0; i < layers.size(); i++) {
            width = layers.get(i).outputWidth(where(i, layers.get(i)), width);
        }
        checkLoss(loss, width, labelWidth, where(layers.size() - 1, layers.get(layers.size() - 1)));
        if (!hasParameters(embeddings, layers)) {
            throw new IllegalArgumentException("network has no trainable parameters (no dense layer, no embedding)");
        }
    }

    /** The numeric input width plus the widths of all embeddings. */
    public int inputWidth() {
        return inputWidth(numericWidth, embeddings);
    }

    /** The width of the last layer's output. */
    public int outputWidth() {
        int width = inputWidth();
        for (int i = 0; i < layers.size(); i++) {
            width = layers.get(i).outputWidth(where(i, layers.get(i)), width);
        }
        return width;
    }

    /** Where every parameter lives in the flat vector (see the class comment for names and order). */
    public ParamLayout layout() {
        ParamLayout.Builder b = ParamLayout.builder();
        for (int j = 0; j < embeddings.size(); j++) {
            b.add(tableName(j), embeddings.get(j).cardinality(), embeddings.get(j).dim());
        }
        int width = inputWidth();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Dense d) {
                b.add(weightName(i), d.units(), width);
                if (d.bias()) {
                    b.add(biasName(i), 1, d.units());
                }
            }
            width = layers.get(i).outputWidth(where(i, layers.get(i)), width);
        }
        return b.build();
    }

    /**
     * Fills {@code params} (laid out as {@link #layout()}) with initial values: each Dense weight
     * by its {@link dev.ember.worker.nn.Init} (stream = layer index), zero biases, and N(0, 1)
     * embedding tables (stream = −1 − column). Every element is keyed by (seed, stream, element),
     * so every process computes the same vector.
     */
    public void initialize(float[] params, long seed) {
        ParamLayout layout = layout();
        if (params.length != layout.total()) {
            throw new IllegalArgumentException("params has " + params.length + " floats, layout needs "
                    + layout.total());
        }
        for (int j = 0; j < embeddings.size(); j++) {
            ParamLayout.Slice s = layout.slice(tableName(j));
            for (int e = 0; e < s.size(); e++) {
                params[s.offset() + e] = (float) Rng.normal(seed, -1L - j, e);
            }
        }
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Dense d) {
                ParamLayout.Slice w = layout.slice(weightName(i));
                ActivationLayer next = activationAfter(i);
                Activation f = next == null ? Activation.IDENTITY : next.activation();
                float alpha = next == null ? 0f : next.alpha();
                d.init().fill(params, w.offset(), w.rows(), w.cols(), f, alpha, seed, i);
                if (d.bias()) {
                    ParamLayout.Slice b = layout.slice(biasName(i));
                    Arrays.fill(params, b.offset(), b.offset() + b.size(), 0f);
                }
            }
        }
    }

    /** The activation that follows layer {@code index}, skipping dropout; null when none does. */
    private ActivationLayer activationAfter(int index) {
        for (int i = index + 1; i < layers.size(); i++) {
            Layer next = layers.get(i);
            if (next instanceof ActivationLayer a) {
                return a;
            }
            if (!(next instanceof Dropout)) {
                return null;
            }
        }
        return null;
    }

    /** Indented JSON with a {@code "type"} name on every layer, loss and initialiser. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("network spec could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads {@link #toJson()}'s format; a bad document or a failed check throws IllegalArgumentException. */
    public static NetworkSpec fromJson(String json) {
        try {
            return JSON.readValue(json, NetworkSpec.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException("invalid network spec JSON: " + why, e);
        }
    }

    public static String weightName(int layer) {
        return layer + ".weight";
    }

    public static String biasName(int layer) {
        return layer + ".bias";
    }

    public static String tableName(int column) {
        return "emb" + column + ".table";
    }

    /** {@code "layer 2 (dense)"}: how messages name a layer. */
    public static String where(int index, Layer layer) {
        return "layer " + index + " (" + Layer.kindOf(layer) + ")";
    }

    private static int inputWidth(int numericWidth, List<Embedding> embeddings) {
        long width = numericWidth;
        for (Embedding e : embeddings) {
            width += e.dim();
        }
        if (width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("network input width " + width + " exceeds 2^31 - 1");
        }
        return (int) width;
    }

    private static void checkLoss(Loss loss, int outputWidth, int labelWidth, String last) {
        String name = "loss " + Loss.kindOf(loss);
        if (outputWidth < loss.minOutputWidth()) {
            throw new IllegalArgumentException(name + " needs an output width >= " + loss.minOutputWidth()
                    + ", but " + last + " outputs " + outputWidth);
        }
        int expected = loss.labelWidth(outputWidth);
        if (labelWidth != expected) {
            String what = loss.classLabels() ? "one class index per row" : "the output width of " + last;
            throw new IllegalArgumentException(name + " needs labelWidth " + expected + " (" + what + "), got "
                    + labelWidth);
        }
    }

    private static <T> List<T> requireElements(String what, List<T> list) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new IllegalArgumentException(what + " " + i + " is null");
            }
        }
        return list;
    }

    private static boolean hasParameters(List<Embedding> embeddings, List<Layer> layers) {
        return !embeddings.isEmpty() || layers.stream().anyMatch(l -> l instanceof Dense);
    }
}
