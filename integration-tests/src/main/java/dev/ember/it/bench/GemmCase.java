// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One GEMM call of MLP training, row-major {@code C(m×n) = op(A)(m×k)·op(B)(k×n)}, as Ember's Dense
 * layer issues it: forward {@code y = x·Wᵀ} (NT), {@code dW = dyᵀ·x} (TN), {@code dX = dy·W} (NN).
 */
record GemmCase(String layer, String form, int m, int k, int n) {

    boolean transA() {
        return form.charAt(0) == 'T';
    }

    boolean transB() {
        return form.charAt(1) == 'T';
    }

    double flops() {
        return 2.0 * m * n * k;
    }

    int aRows() {
        return transA() ? k : m;
    }

    int aCols() {
        return transA() ? m : k;
    }

    int bRows() {
        return transB() ? n : k;
    }

    int bCols() {
        return transB() ? k : n;
    }

    String label() {
        return layer + " " + form + " " + m + "×" + k + "×" + n;
    }

    /** The three calls per Dense layer of {@code widths} for a micro-batch of {@code rows} rows. */
    static List<GemmCase> mlp(int rows, int... widths) {
        List<GemmCase> cases = new ArrayList<>();
        for (int i = 0; i + 1 < widths.length; i++) {
            int in = widths[i];
            int out = widths[i + 1];
            String layer = in + "→" + out;
            cases.add(new GemmCase(layer, "NT", rows, in, out));
            cases.add(new GemmCase(layer, "TN", out, rows, in));
            cases.add(new GemmCase(layer, "NN", rows, out, in));
        }
        return cases;
    }

    static float[] random(int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[size];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }
}
