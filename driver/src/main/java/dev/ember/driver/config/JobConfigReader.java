// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import dev.ember.kernels.BackendKind;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the YAML tree to the config records by hand, so every message names its key. Defaults come from
 * the records' {@code defaults()} factories; this class only reads, converts and rejects unknown keys.
 */
final class JobConfigReader {
    private static final String[] SECTIONS = {"spark", "data", "model", "training", "compute", "output", "output_mode"};

    private JobConfigReader() {}

    static ObjectMapper yaml() {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper;
    }

    static JobConfig read(String text, List<String> overrides) {
        ObjectMapper mapper = yaml();
        ObjectNode root = parseRoot(text, mapper);
        for (String assignment : overrides) {
            Overrides.apply(root, assignment, mapper);
        }
        ConfigNode n = new ConfigNode("", root);
        for (String section : SECTIONS) {
            n.rawIncludingNull(section);
        }
        n.finish();
        JobConfig config = new JobConfig(
                spark(n.child("spark")),
                data(n.child("data")),
                ModelSectionReader.model(n.child("model")),
                TrainingSectionReader.training(n.child("training")),
                compute(n.child("compute")),
                n.requiredString("output", "the directory (file:, hdfs:, s3a:) the model is written to"),
                OutputMode.of(n.choice("output_mode", OutputMode.ERROR.configName(), Names.OUTPUT_MODES)));
        return config;
    }

    private static ObjectNode parseRoot(String text, ObjectMapper mapper) {
        if (text == null || text.isBlank()) {
            throw new ConfigException("the config is empty: it needs at least data.train and output");
        }
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (IOException e) {
            throw new ConfigException("the config is not valid YAML: " + Overrides.firstLine(e.getMessage()), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException("the config is empty: it needs at least data.train and output");
        }
        if (!root.isObject()) {
            throw new ConfigException("the config must be a YAML mapping of sections (spark, data, model, training,"
                    + " compute, output), got " + ConfigNode.describe(root));
        }
        return (ObjectNode) root;
    }

    private static SparkConfig spark(ConfigNode n) {
        SparkConfig d = SparkConfig.defaults();
        SparkConfig c = new SparkConfig(n.string("master", d.master()), n.stringMap("conf"));
        n.finish();
        return c;
    }

    private static ComputeConfig compute(ConfigNode n) {
        ComputeConfig d = ComputeConfig.defaults();
        ComputeConfig c = new ComputeConfig(BackendKind.of(n.choice("backend", d.backend().configName(), Names.BACKENDS)),
                n.string("device", d.device()), n.optionalInteger("threads"));
        n.finish();
        return c;
    }

    private static DataConfig data(ConfigNode n) {
        String train = n.requiredString("train", "the path (or table name) of the training data");
        DataConfig d = DataConfig.defaults(train);
        double fraction = d.validationFraction();
        String validationPath = d.validationPath();
        JsonNode validation = n.rawIncludingNull("validation");
        if (validation != null && validation.isNull()) {
            fraction = 0;
        } else if (validation != null && validation.isTextual() && !isNumber(validation.asText())) {
            validationPath = validation.asText();
            fraction = 0;
        } else if (validation != null) {
            fraction = ConfigNode.toDouble(n.key("validation"), validation);
        }
        Integer numClasses = d.numClasses();
        List<String> classNames = d.classNames();
        JsonNode classes = n.raw("classes");
        if (classes != null && classes.isArray()) {
            classNames = n.stringList("classes", null);
        } else if (classes != null) {
            numClasses = n.optionalInteger("classes");
        }
        DataConfig c = new DataConfig(train, n.choice("format", d.format(), Names.FORMATS), n.stringMap("options"),
                n.stringList("features", d.features()), n.stringList("categorical", d.categorical()),
                n.string("label", d.label()), n.string("weight", d.weight()), fraction, validationPath,
                n.string("test", d.test()), n.bool("standardize", d.standardize()),
                n.optionalInteger("partitions"), numClasses, classNames);
        n.finish();
        return c;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Reads a list of child mappings, each with its own path {@code key[i]}. */
    static List<ConfigNode> list(ConfigNode n, String key) {
        JsonNode v = n.raw(key);
        List<ConfigNode> out = new ArrayList<>();
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw n.wrongType(key, "a list", v);
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new ConfigNode(n.key(key) + "[" + i + "]", v.get(i)));
        }
        return out;
    }
}
