// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import dev.ember.driver.state.Best;
import dev.ember.driver.state.EarlyState;
import dev.ember.driver.state.EpochRecord;
import dev.ember.driver.state.Progress;
import dev.ember.driver.state.TrainState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON header of a checkpoint file (see {@link CheckpointFormat}): to and from a {@link Checkpoint}. */
final class CheckpointHeader {
    static final String PARAMS = "params";
    static final String OPTIMIZER_STATE = "optimizer_state";
    static final String BEST_PARAMS = "best_params";
    private static final List<String> PAYLOADS = List.of(PARAMS, OPTIMIZER_STATE, BEST_PARAMS);

    private CheckpointHeader() {}

    static ObjectNode toJson(Checkpoint c, long[] payloadSizes) {
        TrainState st = c.state();
        ObjectNode root = CheckpointFormat.object();
        root.put("format_version", CheckpointFormat.FORMAT_VERSION);
        root.put("created", c.created());
        root.put("next_step", st.nextStep());
        root.put("steps_per_epoch", c.stepsPerEpoch());
        ObjectNode id = root.putObject("identity");
        id.set("network", c.identity().network());
        c.identity().fixed().forEach(id.putObject("fixed")::put);
        c.identity().adjustable().forEach(id.putObject("adjustable")::put);
        c.identity().layout().forEach(id.putObject("layout")::put);
        ObjectNode progress = root.putObject("progress");
        Progress p = st.progress();
        number(progress, "epoch_loss_sum", p.epochLossSum());
        number(progress, "epoch_weight_sum", p.epochWeightSum());
        number(progress, "epoch_seconds", p.epochSeconds());
        progress.put("samples", p.samples());
        number(progress, "wall_seconds", p.wallSeconds());
        progress.put("best_epoch", st.best().epoch());
        progress.put("stopped", st.best().stopped());
        EarlyState early = st.best().early();
        if (early != null) {
            ObjectNode e = root.putObject("early_stopping");
            e.put("metric", early.metric());
            e.put("best_epoch", early.bestEpoch());
            number(e, "best", early.best());
            e.put("epochs_without_improvement", early.epochsWithoutImprovement());
        }
        ArrayNode history = root.putArray("history");
        for (EpochRecord r : st.history()) {
            ObjectNode e = history.addObject();
            e.put("epoch", r.epoch());
            number(e, "train_loss", r.trainLoss());
            ObjectNode v = e.putObject("validation");
            r.validation().forEach((k, x) -> number(v, k, x));
            number(e, "seconds", r.seconds());
        }
        ArrayNode payloads = root.putArray("payloads");
        for (int i = 0; i < payloadSizes.length; i++) {
            payloads.addObject().put("name", PAYLOADS.get(i)).put("floats", payloadSizes[i]);
        }
        return root;
    }

    /** The payload lengths the header announces, in file order, each checked to be a plausible length. */
    static long[] payloadSizes(JsonNode header, String name) throws CorruptCheckpointException {
        JsonNode payloads = header.path("payloads");
        if (!payloads.isArray() || payloads.size() < 2 || payloads.size() > PAYLOADS.size()) {
            throw new CorruptCheckpointException(name + " lists " + payloads.size() + " payloads; expected "
                    + PAYLOADS.subList(0, 2) + " and optionally " + BEST_PARAMS);
        }
        long[] sizes = new long[payloads.size()];
        for (int i = 0; i < sizes.length; i++) {
            JsonNode p = payloads.get(i);
            long n = p.path("floats").asLong(-1);
            if (!PAYLOADS.get(i).equals(p.path("name").asText()) || n < 0 || n > Integer.MAX_VALUE - 8) {
                throw new CorruptCheckpointException(name + " has payload " + i + " = " + p + "; expected "
                        + PAYLOADS.get(i) + " with 0 to 2^31 - 9 floats");
            }
            sizes[i] = n;
        }
        return sizes;
    }

    static Checkpoint fromJson(JsonNode root, List<float[]> payloads, String name) throws CorruptCheckpointException {
        try {
            JsonNode id = root.path("identity");
            RunIdentity identity = new RunIdentity(required(id, "network"), RunIdentity.toMap(required(id, "fixed")),
                    RunIdentity.toMap(required(id, "adjustable")), RunIdentity.toMap(id.path("layout")));
            JsonNode progress = required(root, "progress");
            JsonNode e = root.get("early_stopping");
            EarlyState early = e == null || e.isNull() ? null : new EarlyState(
                    required(e, "metric").asText(), required(e, "best_epoch").asLong(), number(e, "best"),
                    required(e, "epochs_without_improvement").asInt());
            Progress p = new Progress(number(progress, "epoch_loss_sum"), number(progress, "epoch_weight_sum"),
                    number(progress, "epoch_seconds"), required(progress, "samples").asLong(),
                    number(progress, "wall_seconds"));
            Best best = new Best(early, payloads.size() > 2 ? payloads.get(2) : null,
                    required(progress, "best_epoch").asInt(), required(progress, "stopped").asBoolean());
            TrainState state = new TrainState(required(root, "next_step").asLong(), payloads.get(0), payloads.get(1),
                    history(required(root, "history")), p, best);
            return new Checkpoint(identity, required(root, "steps_per_epoch").asLong(),
                    required(root, "created").asText(), state);
        } catch (IllegalArgumentException e) {
            throw new CorruptCheckpointException(name + " has an inconsistent header: " + e.getMessage(), e);
        }
    }

    private static List<EpochRecord> history(JsonNode array) {
        List<EpochRecord> out = new ArrayList<>();
        for (JsonNode e : array) {
            Map<String, Double> validation = new LinkedHashMap<>();
            required(e, "validation").fields().forEachRemaining(f -> validation.put(f.getKey(), value(f.getValue())));
            out.add(new EpochRecord(required(e, "epoch").asInt(), number(e, "train_loss"), validation,
                    number(e, "seconds")));
        }
        return out;
    }

    private static JsonNode required(JsonNode parent, String key) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return v;
    }

    /** A finite double as a JSON number (shortest round-trip form), NaN and infinities as strings. */
    private static void number(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.put(key, Double.toString(v));
        }
    }

    private static double number(JsonNode parent, String key) {
        return value(required(parent, key));
    }

    private static double value(JsonNode v) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            return Double.parseDouble(v.asText());
        }
        throw new IllegalArgumentException("expected a number, got " + v);
    }
}
