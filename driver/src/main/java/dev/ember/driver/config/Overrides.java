// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * Applies {@code --set a.b.c=value} to the parsed YAML tree before it is mapped, so an override is
 * checked exactly like the same key written in the file. The value is parsed as a YAML scalar or
 * flow collection ({@code 5}, {@code 1e-3}, {@code relu}, {@code [{dense: 64}]}); an empty value is null.
 * A numeric segment indexes a list ({@code model.layers.1.dropout=0.3}); missing mappings are created.
 */
final class Overrides {
    private Overrides() {}

    static void apply(ObjectNode root, String assignment, ObjectMapper yaml) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("--set expects key=value (e.g. training.epochs=5), got '" + assignment + "'");
        }
        String key = assignment.substring(0, eq).trim();
        String[] parts = key.split("\\.", -1);
        for (String p : parts) {
            if (p.isEmpty()) {
                throw new ConfigException("--set " + key + ": the key has an empty segment");
            }
        }
        JsonNode value = parseValue(key, assignment.substring(eq + 1), yaml);
        JsonNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = descend(parent, parts, i, key);
        }
        String last = parts[parts.length - 1];
        if (parent instanceof ArrayNode list) {
            list.set(index(list, last, key), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    private static JsonNode descend(JsonNode parent, String[] parts, int i, String key) {
        String part = parts[i];
        if (parent instanceof ArrayNode list) {
            JsonNode next = list.get(index(list, part, key));
            if (!next.isContainerNode()) {
                ObjectNode created = list.objectNode();
                list.set(index(list, part, key), created);
                return created;
            }
            return next;
        }
        ObjectNode object = (ObjectNode) parent;
        JsonNode next = object.get(part);
        if (next == null && part.chars().allMatch(Character::isDigit)) {
            throw new ConfigException("--set " + key + ": there is no list written in the config to take element "
                    + part + " from; set the whole list instead");
        }
        if (next == null || !next.isContainerNode()) {
            return object.putObject(part);
        }
        return next;
    }

    private static int index(ArrayNode list, String part, String key) {
        try {
            int i = Integer.parseInt(part);
            if (i >= 0 && i < list.size()) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("--set " + key + ": '" + part + "' must be a list index from 0 to "
                + (list.size() - 1));
    }

    private static JsonNode parseValue(String key, String text, ObjectMapper yaml) {
        if (text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            JsonNode v = yaml.readTree(text);
            return v == null || v.isMissingNode() ? NullNode.getInstance() : v;
        } catch (IOException e) {
            throw new ConfigException("--set " + key + ": the value '" + text + "' is not valid YAML ("
                    + firstLine(e.getMessage()) + ")", e);
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
