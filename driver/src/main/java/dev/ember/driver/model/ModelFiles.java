// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.model;

import dev.ember.driver.config.Task;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.tensor.ParamLayout;
import dev.ember.worker.NetworkSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads and writes Ember's model directory through Hadoop's {@link FileSystem}, so {@code file:},
 * {@code hdfs:} and {@code s3a:} paths all work.
 *
 * <p>Format v1: {@code model.json} (UTF-8 JSON: {@code format_version}, {@code task}, {@code network},
 * {@code layout}, {@code preprocessing}, {@code labels}, {@code summary}, {@code params_sha256},
 * {@code params_count}) and {@code params.f32} (the flat parameter vector, little-endian float32).
 * No Java serialisation anywhere. A reader checks the version, the size and the SHA-256 before it
 * trusts a single float.
 */
public final class ModelFiles {
    public static final int FORMAT_VERSION = 1;
    public static final String MODEL_JSON = "model.json";
    public static final String PARAMS = "params.f32";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFiles() {}

    /** Writes {@code model} into directory {@code dir} (created; existing files of the same names are replaced). */
    public static void write(Model model, Path dir, Configuration conf) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        fs.mkdirs(dir);
        byte[] params = toBytes(model.params());
        try (OutputStream out = fs.create(new Path(dir, PARAMS), true)) {
            out.write(params);
        }
        ObjectNode root = toJson(model, sha256(params));
        try (OutputStream out = fs.create(new Path(dir, MODEL_JSON), true)) {
            out.write(JSON.writeValueAsBytes(root));
        }
    }

    /** Reads and verifies the model in {@code dir}. */
    public static Model read(Path dir, Configuration conf) {
        try {
            FileSystem fs = dir.getFileSystem(conf);
            Path json = new Path(dir, MODEL_JSON);
            Path paramsPath = new Path(dir, PARAMS);
            if (!fs.exists(dir)) {
                throw new ModelException("model directory " + dir + " does not exist: pass the output folder of a"
                        + " finished 'train' run");
            }
            if (!fs.exists(json) || !fs.exists(paramsPath)) {
                throw new ModelException("model directory " + dir + " lacks " + (fs.exists(json) ? PARAMS : MODEL_JSON)
                        + ": it is not a complete Ember model");
            }
            byte[] jsonBytes = readChecked(fs, json);
            JsonNode root;
            try {
                root = JSON.readTree(jsonBytes);
            } catch (IOException e) {
                // the parser's message without its second line (the source location)
                String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                throw new ModelException(json + " is not valid JSON (" + why + "): the model is damaged;"
                        + " train it again", e);
            }
            return fromJson(root, readChecked(fs, paramsPath), dir);
        } catch (IOException e) {
            throw new ModelException("cannot read model " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of {@code p}; Hadoop's local file system also checks them against the .crc side file. */
    private static byte[] readChecked(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return readAll(in);
        } catch (ChecksumException e) {
            throw new ModelException(p + " does not match its checksum file ." + p.getName() + ".crc: it was altered"
                    + " or damaged after it was written; train the model again", e);
        }
    }

    private static ObjectNode toJson(Model model, String sha) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("task", model.task().configName());
        root.set("network", JSON.readTree(model.spec().toJson()));
        ArrayNode layout = root.putArray("layout");
        for (ParamLayout.Slice s : model.spec().layout().slices()) {
            layout.addObject().put("name", s.name()).put("offset", s.offset()).put("rows", s.rows())
                    .put("cols", s.cols());
        }
        Preprocessing p = model.preprocessing();
        ObjectNode prep = root.putObject("preprocessing");
        prep.set("features", JSON.valueToTree(p.features()));
        prep.set("categorical", JSON.valueToTree(p.categorical()));
        prep.set("cardinalities", JSON.valueToTree(p.cardinalities()));
        prep.set("mean", p.mean() == null ? null : JSON.valueToTree(p.mean()));
        prep.set("std", p.std() == null ? null : JSON.valueToTree(p.std()));
        prep.put("label", p.label());
        root.set("labels", JSON.valueToTree(model.labelNames()));
        root.set("summary", JSON.valueToTree(model.summary()));
        root.put("params_count", model.params().length);
        root.put("params_sha256", sha);
        return root;
    }

    private static Model fromJson(JsonNode root, byte[] params, Path dir) {
        int version = root.path("format_version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new ModelException(dir + "/" + MODEL_JSON + " has format_version " + root.path("format_version")
                    + ", this Ember reads version " + FORMAT_VERSION);
        }
        long count = root.path("params_count").asLong(-1);
        if (params.length != count * 4) {
            throw new ModelException(dir + "/" + PARAMS + " holds " + params.length + " bytes but the model needs "
                    + count * 4 + " (" + count + " floats): the file is truncated or from another model;"
                    + " train the model again");
        }
        String expected = root.path("params_sha256").asText("");
        String actual = sha256(params);
        if (!expected.equals(actual)) {
            throw new ModelException(dir + "/" + PARAMS + " does not match the SHA-256 recorded in " + MODEL_JSON
                    + ": the parameters were altered or damaged; train the model again");
        }
        NetworkSpec spec;
        try {
            spec = NetworkSpec.fromJson(root.path("network").toString());
        } catch (RuntimeException e) {
            throw new ModelException(dir + "/" + MODEL_JSON + " has an invalid network description: " + e.getMessage(), e);
        }
        JsonNode prep = root.path("preprocessing");
        Preprocessing p = new Preprocessing(strings(prep.path("features")), strings(prep.path("categorical")),
                JSON.convertValue(prep.path("cardinalities"), int[].class),
                prep.path("mean").isNull() || prep.path("mean").isMissingNode() ? null
                        : JSON.convertValue(prep.path("mean"), float[].class),
                prep.path("std").isNull() || prep.path("std").isMissingNode() ? null
                        : JSON.convertValue(prep.path("std"), float[].class),
                prep.path("label").asText());
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = root.path("summary").isObject()
                ? JSON.convertValue(root.path("summary"), LinkedHashMap.class) : Map.of();
        Task task;
        try {
            task = Task.of(root.path("task").asText());
        } catch (IllegalArgumentException e) {
            throw new ModelException(dir + "/" + MODEL_JSON + " names the task '" + root.path("task").asText()
                    + "', which is not classification, binary or regression: train the model again", e);
        }
        return new Model(spec, fromBytes(params), p, task, strings(root.path("labels")), summary);
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    public static byte[] toBytes(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return buf.array();
    }

    public static float[] fromBytes(byte[] bytes) {
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    /** UTF-8 text of a small file, for tests and tools. */
    static String readText(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return new String(readAll(in), StandardCharsets.UTF_8);
        }
    }
}
