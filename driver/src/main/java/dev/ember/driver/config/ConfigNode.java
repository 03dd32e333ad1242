// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML mapping being read by key, remembering its dotted path so that every error names the key.
 * Each getter records the key as known; {@link #finish} then rejects the keys nobody asked for,
 * suggesting the closest known key. "auto" and null both mean "not given" for the optional getters.
 */
final class ConfigNode {
    private final String path;
    private final JsonNode node;
    private final Set<String> known = new LinkedHashSet<>();

    ConfigNode(String path, JsonNode node) {
        this.path = path;
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
        if (!this.node.isMissingNode() && !this.node.isObject()) {
            throw new ConfigException(label() + " must be a mapping of keys to values, got " + describe(this.node));
        }
    }

    String path() {
        return path;
    }

    /** The dotted name of {@code key} under this node. */
    String key(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** True if the mapping holds {@code key} (even as null), without marking it known. */
    boolean present(String key) {
        return node.has(key);
    }

    JsonNode raw(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    /** The value of {@code key} even when it is an explicit null; null only when the key is absent. */
    JsonNode rawIncludingNull(String key) {
        known.add(key);
        return node.get(key);
    }

    ConfigNode child(String key) {
        return new ConfigNode(key(key), raw(key));
    }

    String string(String key, String dflt) {
        JsonNode v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isValueNode() || v.isBoolean()) {
            throw wrongType(key, "a string", v);
        }
        return v.asText();
    }

    String requiredString(String key, String hint) {
        String s = string(key, null);
        if (s == null || s.isBlank()) {
            String typo = null;
            for (Iterator<String> it = node.fieldNames(); it.hasNext() && typo == null; ) {
                String present = it.next();
                typo = !present.equals(key) && Suggest.closest(present, List.of(key)) != null ? present : null;
            }
            String found = typo == null ? "" : " (found '" + key(typo) + "': did you mean '" + key(key) + "'?)";
            throw new ConfigException(key(key) + " is required: " + hint + found);
        }
        return s;
    }

    /** A lower-case name from {@code allowed}; aliases map to their canonical name. */
    String choice(String key, String dflt, Map<String, String> allowed) {
        String s = string(key, dflt);
        if (s == null) {
            return null;
        }
        String canonical = allowed.get(s.toLowerCase(java.util.Locale.ROOT));
        if (canonical == null) {
            throw new ConfigException(key(key) + " must be one of " + String.join(", ", allowed.keySet())
                    + ", got '" + s + "'");
        }
        return canonical;
    }

    int integer(String key, int dflt) {
        Integer v = optionalInteger(key);
        return v == null ? dflt : v;
    }

    Integer optionalInteger(String key) {
        JsonNode v = raw(key);
        if (v == null || isAuto(v)) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && Math.abs(v.asDouble()) < Integer.MAX_VALUE) {
            return (int) v.asDouble();
        }
        throw wrongType(key, "an integer", v);
    }

    long longValue(String key, long dflt) {
        JsonNode v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(key, "an integer", v);
        }
        return v.longValue();
    }

    double number(String key, double dflt) {
        Double v = optionalNumber(key);
        return v == null ? dflt : v;
    }

    Double optionalNumber(String key) {
        JsonNode v = raw(key);
        if (v == null || isAuto(v)) {
            return null;
        }
        return toDouble(key(key), v);
    }

    boolean bool(String key, boolean dflt) {
        JsonNode v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw wrongType(key, "true or false", v);
        }
        return v.booleanValue();
    }

    /** A list of strings; a single string counts as a list of one. */
    List<String> stringList(String key, List<String> dflt) {
        JsonNode v = raw(key);
        if (v == null) {
            return dflt;
        }
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.add(v.asText());
            return out;
        }
        if (!v.isArray()) {
            throw wrongType(key, "a name or a list of names", v);
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw wrongType(key, "a list of names", v);
            }
            out.add(e.asText());
        }
        return out;
    }

    /** A mapping of names to scalar values, each kept as its text. */
    Map<String, String> stringMap(String key) {
        JsonNode v = raw(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            throw wrongType(key, "a mapping of names to values", v);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new ConfigException(key(key) + "." + e.getKey() + " must be a single value, got "
                        + describe(e.getValue()));
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /**
     * The options of a named component (an optimiser, a schedule) are single values or lists: rejects
     * a key not yet asked for whose value is null or a mapping. Run it after reading the name.
     */
    void requireOptionValues() {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                plain(key(e.getKey()), e.getValue());
            }
        }
    }

    /**
     * A copy in which {@code key: [a, b]} is written as {@code first: a, second: b} (replacing those
     * keys if given too), as PyTorch's {@code betas} for {@code beta1} and {@code beta2}.
     */
    ConfigNode splitPair(String key, String first, String second) {
        JsonNode v = node.get(key);
        if (v == null) {
            return this;
        }
        if (!v.isArray() || v.size() != 2) {
            throw new ConfigException(key(key) + " must be a list of two numbers [" + first + ", " + second
                    + "], got " + plain(key(key), v));
        }
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.remove(key);
        copy.set(first, v.get(0));
        copy.set(second, v.get(1));
        ConfigNode split = new ConfigNode(path, copy);
        split.known.addAll(known);
        return split;
    }

    /** An option that is a number, or a string holding one (from an override); no "auto", no default for null. */
    double option(String key, double dflt) {
        known.add(key);
        JsonNode v = node.get(key);
        if (v == null) {
            return dflt;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                throw badOption(key, "a number", v);
            }
        }
        throw badOption(key, "a number", v);
    }

    /** As {@link #option(String, double)}, holding a whole number. */
    long integerOption(String key, long dflt) {
        if (!node.has(key)) {
            known.add(key);
            return dflt;
        }
        double value = option(key, dflt);
        if (value != Math.rint(value) || Math.abs(value) > 1e15) {
            throw badOption(key, "an integer", node.get(key));
        }
        return (long) value;
    }

    /** An option that is true or false, or a string holding one. */
    boolean flagOption(String key, boolean dflt) {
        known.add(key);
        JsonNode v = node.get(key);
        if (v == null) {
            return dflt;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw badOption(key, "true or false", v);
    }

    private ConfigException badOption(String key, String expected, JsonNode v) {
        return new ConfigException(key(key) + " must be " + expected + ", got '" + plain(key(key), v) + "'");
    }

    /**
     * Rejects any key no getter asked for, as an optimiser or schedule {@code owner} does: naming the
     * key (or, for several, listing them) and every option {@code owner} knows, that is every key
     * asked for but {@code nameKey}.
     */
    void finishOptions(String owner, String nameKey) {
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                unknown.add(k);
            }
        });
        if (unknown.isEmpty()) {
            return;
        }
        List<String> options = new ArrayList<>(known);
        options.remove(nameKey);
        String rest = " for " + owner + "; known options: " + String.join(", ", options);
        if (unknown.size() == 1) {
            throw new ConfigException("unknown key '" + key(unknown.get(0)) + "'" + rest);
        }
        throw new ConfigException(path + ": unknown options " + String.join(", ", unknown) + rest);
    }

    /** Every key but {@code nameKey} with its value's text, as written (lists as {@code [a, b]}). */
    Map<String, String> written(String nameKey) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals(nameKey)) {
                out.put(e.getKey(), String.valueOf(plain(key(e.getKey()), e.getValue())));
            }
        }
        return out;
    }

    private static Object plain(String fullKey, JsonNode v) {
        if (v.isNumber()) {
            return v.numberValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isArray()) {
            java.util.List<Object> list = new java.util.ArrayList<>();
            v.forEach(x -> list.add(plain(fullKey, x)));
            return list;
        }
        throw new ConfigException(fullKey + " must be a single value or a list, got " + describe(v));
    }

    /** Rejects any key that no getter asked for, naming it and the closest known key. */
    void finish() {
        finish(null);
    }

    /** As {@link #finish()}, with {@code context} (e.g. "optimizer adam") saying whose keys these are. */
    void finish(String context) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                String where = context == null ? "" : " for " + context;
                String near = Suggest.closest(k, known);
                String hint = near == null ? " (known keys: " + String.join(", ", known) + ")"
                        : " (did you mean '" + key(near) + "'?)";
                throw new ConfigException("unknown key '" + key(k) + "'" + where + hint);
            }
        }
    }

    ConfigException wrongType(String key, String expected, JsonNode v) {
        return new ConfigException(key(key) + " must be " + expected + ", got " + describe(v));
    }

    static double toDouble(String fullKey, JsonNode v) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new ConfigException(fullKey + " must be a number, got " + describe(v));
    }

    static boolean isAuto(JsonNode v) {
        return v.isTextual() && v.asText().equalsIgnoreCase("auto");
    }

    static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "'" + v.asText() + "'";
        }
        if (v.isObject()) {
            return "a mapping " + v;
        }
        if (v.isArray()) {
            return "a list " + v;
        }
        return v.toString();
    }

    String describeSelf() {
        return node.isMissingNode() ? "nothing" : describe(node);
    }

    private String label() {
        return path.isEmpty() ? "the config" : path;
    }
}
