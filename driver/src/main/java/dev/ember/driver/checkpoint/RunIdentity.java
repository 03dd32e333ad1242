// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.driver.config.TrainingConfig;
import dev.ember.driver.data.PreparedData;
import dev.ember.driver.data.Standardizer;
import dev.ember.driver.model.ModelFiles;
import dev.ember.worker.NetworkSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a checkpoint must share with the run that resumes it, and what may change.
 *
 * <ul>
 *   <li>{@code network}: the model ({@link NetworkSpec} JSON). Any difference is an error.</li>
 *   <li>{@code fixed}: the data schema (numeric width, cardinalities, classes, label names, row
 *       counts, SHA-256 of the standardisation statistics) and the settings the bits of a step
 *       depend on (seed, batch size, micro-batch, optimiser kind). Any difference is an error:
 *       continuing would not be the run that was checkpointed.</li>
 *   <li>{@code adjustable}: learning rate and the other optimiser options, schedule, epochs,
 *       clipping, early stopping. A resume may change them; each change is logged.</li>
 *   <li>{@code layout}: the partition count and the input's {@link dev.ember.driver.data.InputFingerprint} (files,
 *       sizes, modification times, how the read partitioned them). A resume that must be exact
 *       ({@code training.resume_exact}, the default) refuses any difference; otherwise each is
 *       logged, and the run continues on other rows or another summation order. A key the
 *       checkpoint does not record (one written before Ember recorded it) is not compared.</li>
 *   <li>{@value #BACKEND}: the backend the run chose once and pinned every task to ({@code cpu},
 *       {@code opencl:0}, ...). A resume under {@code compute.backend: auto} trains on it again; the
 *       run plan, not this record, decides what a difference means.</li>
 * </ul>
 */
public record RunIdentity(JsonNode network, Map<String, String> fixed, Map<String, String> adjustable,
                          Map<String, String> layout) {
    /** The key of the recorded backend among the adjustable settings. */
    public static final String BACKEND = "compute.backend";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_NETWORK_DIFFERENCES = 4;

    public RunIdentity {
        Objects.requireNonNull(network, "network");
        fixed = Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
        adjustable = Collections.unmodifiableMap(new LinkedHashMap<>(adjustable));
        layout = Collections.unmodifiableMap(new LinkedHashMap<>(layout));
    }

    /** The identity of a run about to train {@code spec} on {@code data} with {@code tc}. */
    public static RunIdentity of(NetworkSpec spec, PreparedData data, TrainingConfig tc, int microBatch,
            int optimizerStateSize) {
        Map<String, String> fixed = new LinkedHashMap<>();
        fixed.put("data.numeric_width", Integer.toString(data.numericWidth()));
        fixed.put("data.cardinalities", Arrays.toString(data.cardinalities()));
        fixed.put("data.label_width", Integer.toString(data.labelWidth()));
        fixed.put("data.classes", Integer.toString(data.numClasses()));
        fixed.put("data.label_names", data.labelNames().toString());
        fixed.put("data.train_rows", Long.toString(data.trainRows()));
        fixed.put("data.validation_rows", Long.toString(data.validationRows()));
        fixed.put("data.standardisation_sha256", statsDigest(data.standardizer()));
        fixed.put("training.seed", Long.toString(tc.seed()));
        fixed.put("training.batch_size", Integer.toString(tc.batchSize()));
        fixed.put("training.micro_batch", Integer.toString(microBatch));
        fixed.put("training.optimizer.name", tc.optimizer().name());
        fixed.put("optimizer_state_floats", Integer.toString(optimizerStateSize));
        Map<String, String> adjustable = new LinkedHashMap<>();
        adjustable.put("training.epochs", Integer.toString(tc.epochs()));
        tc.optimizer().written().forEach((k, v) -> adjustable.put("training.optimizer." + k, v));
        adjustable.put("training.schedule.name", tc.schedule().name());
        tc.schedule().written().forEach((k, v) -> adjustable.put("training.schedule." + k, v));
        adjustable.put("training.clip_norm", String.valueOf(tc.clipNorm()));
        adjustable.put("training.early_stopping", String.valueOf(tc.earlyStopping()));
        Map<String, String> layout = new LinkedHashMap<>();
        layout.put("data.partitions", Integer.toString(data.train().getNumPartitions()));
        layout.putAll(data.input().settings());
        try {
            return new RunIdentity(JSON.readTree(spec.toJson()), fixed, adjustable, layout);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the network's own JSON does not parse: " + e.getMessage(), e);
        }
    }

    private static String statsDigest(Standardizer s) {
        float[] both = new float[s.mean().length + s.std().length];
        System.arraycopy(s.mean(), 0, both, 0, s.mean().length);
        System.arraycopy(s.std(), 0, both, s.mean().length, s.std().length);
        return ModelFiles.sha256(ModelFiles.toBytes(both));
    }

    /** This identity with the backend the run pinned its tasks to. */
    public RunIdentity withBackend(String resolvedId) {
        Map<String, String> a = new LinkedHashMap<>(adjustable);
        a.put(BACKEND, resolvedId);
        return new RunIdentity(network, fixed, a, layout);
    }

    /** The backend the run was pinned to, or null if it did not record one. */
    public String backend() {
        return adjustable.get(BACKEND);
    }

    /**
     * Every difference that forbids resuming {@code saved} as this run ({@code "x is 1 here, 2 in the
     * checkpoint"}); with {@code exact}, differences of layout too.
     */
    public List<String> conflicts(RunIdentity saved, boolean exact) {
        List<String> out = new ArrayList<>();
        List<String> model = new ArrayList<>();
        jsonDiff("", network, saved.network(), model);
        if (!model.isEmpty()) {
            out.add("the model differs (" + String.join(", ", model) + ")");
        }
        out.addAll(mapDiff(fixed, saved.fixed()));
        if (exact) {
            out.addAll(mapDiff(recorded(layout, saved.layout()), saved.layout()));
        }
        return out;
    }

    /** Whether {@code saved} and this run differ in layout (partition count or input). */
    public boolean layoutDiffers(RunIdentity saved) {
        return !mapDiff(recorded(layout, saved.layout()), saved.layout()).isEmpty();
    }

    /** The entries of {@code here} that {@code saved} records too. */
    private static Map<String, String> recorded(Map<String, String> here, Map<String, String> saved) {
        Map<String, String> m = new LinkedHashMap<>(here);
        m.keySet().retainAll(saved.keySet());
        return m;
    }

    /**
     * The allowed changes, as phrases ({@code "training.optimizer.lr 0.01 -> 0.02"}); with
     * {@code exact} false, changes of layout too.
     */
    public List<String> changes(RunIdentity saved, boolean exact) {
        List<String> out = new ArrayList<>();
        if (!exact) {
            Map<String, String> here = recorded(layout, saved.layout());
            here.forEach((k, v) -> {
                String before = saved.layout().get(k);
                if (!before.equals(v)) {
                    out.add(k + " " + before + " -> " + v);
                }
            });
        }
        Set<String> keys = new LinkedHashSet<>(saved.adjustable().keySet());
        keys.addAll(adjustable.keySet());
        keys.remove(BACKEND);
        keys.removeAll(layout.keySet());   // checkpoints written before the layout was its own record
        for (String k : keys) {
            String before = saved.adjustable().getOrDefault(k, "unset");
            String now = adjustable.getOrDefault(k, "unset");
            if (!before.equals(now)) {
                out.add(k + " " + before + " -> " + now);
            }
        }
        return out;
    }

    private static List<String> mapDiff(Map<String, String> here, Map<String, String> there) {
        List<String> out = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(there.keySet());
        keys.addAll(here.keySet());
        for (String k : keys) {
            String a = here.getOrDefault(k, "unset");
            String b = there.getOrDefault(k, "unset");
            if (!a.equals(b)) {
                out.add(k + " is " + a + " here, " + b + " in the checkpoint");
            }
        }
        return out;
    }

    /** The paths where two JSON trees differ, at most {@link #MAX_NETWORK_DIFFERENCES} of them. */
    static void jsonDiff(String path, JsonNode here, JsonNode there, List<String> out) {
        if (out.size() >= MAX_NETWORK_DIFFERENCES || Objects.equals(here, there)) {
            return;
        }
        if (here != null && there != null && here.isObject() && there.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            here.fieldNames().forEachRemaining(names::add);
            there.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                jsonDiff(path.isEmpty() ? n : path + "." + n, here.get(n), there.get(n), out);
            }
            return;
        }
        if (here != null && there != null && here.isArray() && there.isArray() && here.size() == there.size()) {
            for (int i = 0; i < here.size(); i++) {
                jsonDiff(path + "[" + i + "]", here.get(i), there.get(i), out);
            }
            return;
        }
        out.add(path + " is " + brief(here) + " here, " + brief(there) + " in the checkpoint");
    }

    private static String brief(JsonNode n) {
        if (n == null) {
            return "absent";
        }
        if (n.isArray()) {
            return "a list of " + n.size();
        }
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    static Map<String, String> toMap(JsonNode node) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }
}
