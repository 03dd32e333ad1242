// SPDX-License-Identifier: Apache-2.0
package dev.ember.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Moves host data in and out of a backend under test the way a caller would: every tensor is a
 * view at an offset into a larger tensor that the backend allocated ({@code allocate} +
 * {@code upload}, read back with {@code download}), so device backends run the same tests. The
 * padding around each view holds a sentinel, and {@link #assertPaddingUntouched} catches writes
 * outside a view.
 */
public final class ConformanceFixture {
    /** Floats of padding on each side of a view; odd, so vector loops see misaligned starts. */
    public static final int PAD = 3;
    private static final float SENTINEL = -7777.25f;

    private final Backend backend;
    private final List<Padded> parents = new ArrayList<>();
    private final SplittableRandom random;

    private record Padded(Tensor parent, int pad, Tensor view) {}

    public ConformanceFixture(Backend backend, long seed) {
        this.backend = backend;
        this.random = new SplittableRandom(seed);
    }

    public Backend backend() {
        return backend;
    }

    /** A backend tensor holding a copy of {@code host}, {@code pad} floats into its allocation. */
    public Tensor put(Tensor host, int pad) {
        int size = host.size();
        Tensor parent = backend.allocate(1, size + 2 * pad);
        float[] filled = new float[size + 2 * pad];
        Arrays.fill(filled, SENTINEL);
        System.arraycopy(host.data(), host.offset(), filled, pad, size);
        backend.upload(filled, 0, parent);
        Tensor view = new Tensor(parent.data(), parent.offset() + pad, host.rows(), host.cols());
        parents.add(new Padded(parent, pad, view));
        return view;
    }

    public Tensor put(Tensor host) {
        return put(host, PAD);
    }

    /** A host copy of a backend tensor. */
    public Tensor get(Tensor t) {
        float[] out = new float[t.size()];
        backend.download(t, out, 0);
        return Tensor.wrap(out, t.rows(), t.cols());
    }

    /** Fails if any op wrote into the padding around the views this fixture created. */
    public void assertPaddingUntouched() {
        for (Padded p : parents) {
            float[] all = new float[p.parent.size()];
            backend.download(p.parent, all, 0);
            for (int i = 0; i < all.length; i++) {
                boolean inPadding = i < p.pad || i >= all.length - p.pad;
                if (inPadding && all[i] != SENTINEL) {
                    fail("an op wrote " + all[i] + " into the padding of a " + p.view.shape()
                            + " view, at " + (i < p.pad ? i - p.pad : i - (all.length - p.pad))
                            + " relative to its " + (i < p.pad ? "start" : "end"));
                }
            }
        }
    }

    /** Uniform floats in {@code [lo, hi)}. */
    public Tensor uniform(int rows, int cols, double lo, double hi) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return Tensor.wrap(v, rows, cols);
    }

    /** Class indices in {@code [0, classes)} as floats, {@code rows × 1}. */
    public Tensor labels(int rows, int classes) {
        float[] v = new float[rows];
        for (int i = 0; i < rows; i++) {
            v[i] = random.nextInt(classes);
        }
        return Tensor.wrap(v, rows, 1);
    }

    /** Sample weights in {@code [0, 2)}, every fifth one exactly 0, {@code rows × 1}. */
    public Tensor weights(int rows) {
        Tensor w = uniform(rows, 1, 0, 2);
        for (int i = 0; i < rows; i += 5) {
            w.data()[i] = 0f;
        }
        return w;
    }

    public long nextLong() {
        return random.nextLong();
    }

    /** A tensor of NaN: old contents an op must ignore. */
    public static Tensor nan(int rows, int cols) {
        float[] v = new float[rows * cols];
        Arrays.fill(v, Float.NaN);
        return Tensor.wrap(v, rows, cols);
    }

    /** A host copy that the reference may overwrite. */
    public static Tensor copy(Tensor t) {
        return Tensor.wrap(t.toArray(), t.rows(), t.cols());
    }

    /**
     * Asserts {@code |got − want| ≤ abs + rel·|want|} element by element (NaN only matches NaN).
     * {@code abs = rel = 0} demands bit-for-bit equal values (0 and −0 compare equal).
     */
    public static void assertClose(String what, Tensor want, Tensor got, double abs, double rel) {
        assertEquals(want.rows(), got.rows(), what + ": rows");
        assertEquals(want.cols(), got.cols(), what + ": cols");
        for (int i = 0; i < want.size(); i++) {
            double w = want.at(i);
            double g = got.at(i);
            boolean ok = Double.isNaN(w) ? Double.isNaN(g) : Math.abs(g - w) <= abs + rel * Math.abs(w);
            if (!ok) {
                fail(what + " " + want.shape() + ": element (" + i / want.cols() + ", " + i % want.cols()
                        + ") is " + g + ", reference " + w + " (tolerance " + abs + " + " + rel + "·|ref|)");
            }
        }
    }
}
