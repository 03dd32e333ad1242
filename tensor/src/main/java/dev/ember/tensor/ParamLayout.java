// SPDX-License-Identifier: Apache-2.0
package dev.ember.tensor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every parameter of a model lives in its ONE flat {@code float[]}.
 *
 * <p>Each parameter is a named row-major slice ({@code "1.weight"}, {@code "1.bias"}, ...). The
 * order is the order of {@link Builder#add} calls, i.e. network layer order; it never depends on
 * hashing, because workers, gradients, optimiser state and checkpoints all index the same vector
 * (gradients and optimiser state use this layout unchanged, which is what lets {@code treeAggregate}
 * add whole vectors).
 */
public final class ParamLayout {

    /** One named parameter: {@code rows × cols} floats at {@code offset}. */
    public record Slice(String name, int offset, int rows, int cols) {
        public int size() {
            return rows * cols;
        }
    }

    private final List<Slice> slices;
    private final Map<String, Slice> byName;
    private final int total;

    private ParamLayout(List<Slice> slices, int total) {
        this.slices = Collections.unmodifiableList(slices);
        Map<String, Slice> map = new LinkedHashMap<>();
        for (Slice s : slices) {
            map.put(s.name(), s);
        }
        this.byName = Collections.unmodifiableMap(map);
        this.total = total;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Total number of floats. */
    public int total() {
        return total;
    }

    public List<Slice> slices() {
        return slices;
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    public Slice slice(String name) {
        Slice s = byName.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "' in layout " + byName.keySet());
        }
        return s;
    }

    /** The named slice of {@code flat} as a tensor view. */
    public Tensor view(float[] flat, String name) {
        return view(flat, slice(name));
    }

    public static Tensor view(float[] flat, Slice s) {
        return new Tensor(flat, s.offset(), s.rows(), s.cols());
    }

    /** SHA-256 of the names and shapes, in order: equal layouts have equal fingerprints. */
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Slice s : slices) {
                md.update((s.name() + ":" + s.rows() + "x" + s.cols() + ";").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamLayout p && p.slices.equals(slices);
    }

    @Override
    public int hashCode() {
        return slices.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ParamLayout[");
        for (Slice s : slices) {
            sb.append(s.name()).append(' ').append(s.rows()).append('×').append(s.cols()).append(", ");
        }
        return sb.append("total=").append(total).append(']').toString();
    }

    /** Appends slices in order; names must be unique. */
    public static final class Builder {
        private final List<Slice> slices = new ArrayList<>();
        private int total;

        private Builder() {}

        public Builder add(String name, int rows, int cols) {
            if (rows <= 0 || cols <= 0) {
                throw new IllegalArgumentException("parameter '" + name + "' must have a positive shape, got "
                        + rows + "×" + cols);
            }
            for (Slice s : slices) {
                if (s.name().equals(name)) {
                    throw new IllegalArgumentException("duplicate parameter name '" + name + "'");
                }
            }
            int size = Math.multiplyExact(rows, cols);
            slices.add(new Slice(name, total, rows, cols));
            total = Math.addExact(total, size);
            return this;
        }

        public ParamLayout build() {
            return new ParamLayout(new ArrayList<>(slices), total);
        }
    }
}
