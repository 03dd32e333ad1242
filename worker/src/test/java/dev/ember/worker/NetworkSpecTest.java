// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.tensor.ParamLayout;
import dev.ember.worker.nn.CrossEntropy;
import dev.ember.worker.nn.Dense;
import dev.ember.worker.nn.Dropout;
import dev.ember.worker.nn.Embedding;
import dev.ember.worker.nn.Init;
import dev.ember.worker.nn.Layer;
import dev.ember.worker.nn.Loss;
import dev.ember.worker.nn.Mse;
import dev.ember.worker.nn.Relu;
import dev.ember.worker.nn.Silu;
import dev.ember.worker.nn.Softmax;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkSpecTest {

    private static NetworkSpec tabular() {
        return new NetworkSpec(3, List.of(new Embedding(10, 4), new Embedding(5, 2)),
                List.of(new Dense(8), new Relu(), new Dropout(0.25f), new Dense(3, false, new Init.Constant(0.5f))),
                new CrossEntropy(), 1);
    }

    @Test
    void everyLayerLossAndInitSurvivesTheJsonRoundTrip() {
        List<Layer> layers = new ArrayList<>(NetworkGradientTest.everyLayer());
        for (Init init : List.of(new Init.Auto(), new Init.GlorotUniform(), new Init.GlorotNormal(),
                new Init.KaimingUniform(), new Init.KaimingNormal(), new Init.LecunNormal(), new Init.Zeros(),
                new Init.Constant(-0.125f))) {
            layers.add(new Dense(2, true, init));
        }
        assertEquals(Init.class.getPermittedSubclasses().length, 8, "a new Init needs a round-trip case here");
        for (Loss loss : NetworkGradientTest.everyLoss()) {
            int labelWidth = loss.labelWidth(2);
            NetworkSpec spec = new NetworkSpec(4, List.of(new Embedding(7, 3)), layers, loss, labelWidth);
            String json = spec.toJson();
            NetworkSpec back = NetworkSpec.fromJson(json);
            assertEquals(spec, back, json);
            assertEquals(json, back.toJson(), "writing is stable");
        }
    }

    @Test
    void jsonIsReadableWithShortTypeNames() {
        String json = tabular().toJson();
        assertTrue(json.contains("\"type\" : \"dense\""), json);
        assertTrue(json.contains("\"type\" : \"relu\""), json);
        assertTrue(json.contains("\"type\" : \"dropout\""), json);
        assertTrue(json.contains("\"p\" : 0.25"), json);
        assertTrue(json.contains("\"type\" : \"cross_entropy\""), json);
        assertTrue(json.contains("\"type\" : \"constant\""), json);
        assertTrue(json.lines().count() > 10, "indented, one field per line");
    }

    @Test
    void readsAliasesAndHandWrittenJson() {
        String json = """
                {"numericWidth": 2, "embeddings": [],
                 "layers": [{"type": "dense", "units": 4, "bias": true, "init": {"type": "he_normal"}},
                            {"type": "swish"},
                            {"type": "dense", "units": 1, "bias": false, "init": {"type": "xavier_uniform"}}],
                 "loss": {"type": "mse"}, "labelWidth": 1}
                """;
        NetworkSpec spec = NetworkSpec.fromJson(json);
        assertEquals(new NetworkSpec(2, List.of(), List.of(new Dense(4, true, new Init.KaimingNormal()), new Silu(),
                new Dense(1, false, new Init.GlorotUniform())), new Mse(), 1), spec);
    }

    @Test
    void rejectsUnknownMissingAndInvalidFields() {
        String good = tabular().toJson();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.fromJson(good.replace("\"units\" : 8", "\"units\" : 8, \"unitz\" : 9")));
        assertTrue(unknown.getMessage().contains("unitz"), unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.fromJson(good.replace("\"units\" : 8,", "")));
        assertTrue(missing.getMessage().contains("units"), missing.getMessage());
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.fromJson(good.replace("\"p\" : 0.25", "\"p\" : 1.5")));
        assertTrue(invalid.getMessage().contains("dropout probability p must be in [0, 1), got 1.5"),
                invalid.getMessage());
        IllegalArgumentException unknownType = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.fromJson(good.replace("\"relu\"", "\"rleu\"")));
        assertTrue(unknownType.getMessage().contains("rleu"), unknownType.getMessage());
    }

    @Test
    void layoutNamesShapesAndOffsetsFollowEmbeddingsThenLayers() {
        NetworkSpec spec = tabular();
        assertEquals(3 + 4 + 2, spec.inputWidth());
        assertEquals(3, spec.outputWidth());
        ParamLayout layout = spec.layout();
        List<ParamLayout.Slice> expected = List.of(
                new ParamLayout.Slice("emb0.table", 0, 10, 4),
                new ParamLayout.Slice("emb1.table", 40, 5, 2),
                new ParamLayout.Slice("0.weight", 50, 8, 9),
                new ParamLayout.Slice("0.bias", 122, 1, 8),
                new ParamLayout.Slice("3.weight", 130, 3, 8));
        assertEquals(expected, layout.slices());
        assertEquals(154, layout.total());
    }

    @Test
    void validationNamesTheLayerAndTheWidths() {
        IllegalArgumentException narrow = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(3, List.of(), List.of(new Dense(4), new Relu(), new Dense(1)),
                        new CrossEntropy(), 1));
        assertEquals("loss cross_entropy needs an output width >= 2, but layer 2 (dense) outputs 1",
                narrow.getMessage());

        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(3, List.of(), List.of(new Dense(4)), new Mse(), 1));
        assertEquals("loss mse needs labelWidth 4 (the output width of layer 0 (dense)), got 1", labels.getMessage());

        IllegalArgumentException classIndex = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(3, List.of(), List.of(new Dense(4)), new CrossEntropy(), 4));
        assertEquals("loss cross_entropy needs labelWidth 1 (one class index per row), got 4", classIndex.getMessage());

        IllegalArgumentException softmax = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(3, List.of(), List.of(new Dense(1), new Softmax()), new Mse(), 1));
        assertEquals("layer 1 (softmax): softmax needs an input width >= 2, got 1", softmax.getMessage());

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(0, List.of(), List.of(new Dense(1)), new Mse(), 1));
        assertTrue(empty.getMessage().contains("input is empty"), empty.getMessage());

        IllegalArgumentException nullLayer = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(2, List.of(), Arrays.asList(new Dense(2), null), new Mse(), 2));
        assertEquals("layer 1 is null", nullLayer.getMessage());

        IllegalArgumentException noParams = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(2, List.of(), List.of(new Relu()), new Mse(), 2));
        assertTrue(noParams.getMessage().contains("no trainable parameters"), noParams.getMessage());

        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(100_000, List.of(), List.of(new Dense(100_000)), new Mse(), 100_000));
        assertEquals("layer 0 (dense): weight 100000 × 100000 has more than 2^31 - 1 elements", huge.getMessage());
    }

    @Test
    void jsonErrorsFromTheConstructorKeepTheirMessage() {
        String json = new NetworkSpec(3, List.of(), List.of(new Dense(4), new Dense(2)), new CrossEntropy(), 1)
                .toJson().replace("\"units\" : 2", "\"units\" : 1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkSpec.fromJson(json));
        assertEquals("invalid network spec JSON: loss cross_entropy needs an output width >= 2, but layer 1 (dense)"
                + " outputs 1", e.getMessage());
    }
}
