// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import dev.ember.tensor.Rng;
import dev.ember.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The memory-bound element-wise ops of {@link CpuBackend}, vectorised where it is one line. */
final class Elementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Elementwise() {}

    static void multiply(Tensor a, Tensor b, Tensor out) {
        float[] as = a.data();
        float[] bs = b.data();
        float[] os = out.data();
        int n = a.size();
        for (int i = 0; i < n; i++) {
            os[out.offset() + i] = as[a.offset() + i] * bs[b.offset() + i];
        }
    }

    static void addRowVector(Tensor x, Tensor bias) {
        float[] xs = x.data();
        float[] bs = bias.data();
        int cols = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            int row = x.offset() + r * cols;
            for (int c = 0; c < cols; c++) {
                xs[row + c] += bs[bias.offset() + c];
            }
        }
    }

    /** Column sums accumulated in double, then rounded once. */
    static void sumRows(Tensor x, float beta, Tensor out) {
        int cols = x.cols();
        double[] sums = new double[cols];
        float[] xs = x.data();
        for (int r = 0; r < x.rows(); r++) {
            int row = x.offset() + r * cols;
            for (int c = 0; c < cols; c++) {
                sums[c] += xs[row + c];
            }
        }
        float[] os = out.data();
        for (int c = 0; c < cols; c++) {
            double old = beta == 0 ? 0 : (double) beta * os[out.offset() + c];
            os[out.offset() + c] = (float) (old + sums[c]);
        }
    }

    /** Inverted dropout with the counter-based draws of the Backend contract (bit-identical masks). */
    static void dropout(Tensor x, Tensor y, Tensor mask, float p, long seed, long[] rowKeys) {
        float keepScale = 1f / (1f - p);
        int cols = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            long key = rowKeys[r];
            for (int c = 0; c < cols; c++) {
                float m = Rng.uniform(seed, key, c) < p ? 0f : keepScale;
                mask.data()[mask.offset() + r * cols + c] = m;
                y.data()[y.offset() + r * cols + c] = x.data()[x.offset() + r * cols + c] * m;
            }
        }
    }
}
