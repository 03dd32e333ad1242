// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-feature standardisation {@code x' = (x − mean) / std}, fitted on the training rows and stored in
 * the model so prediction applies the same transform. {@code std} is the population standard deviation
 * (divide by n); a constant feature has std 1 so it maps to 0 instead of exploding.
 */
public record Standardizer(float[] mean, float[] std) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Standardizer {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("standardizer has " + mean.length + " means but " + std.length + " stds");
        }
        for (int j = 0; j < std.length; j++) {
            if (!(std[j] > 0) || !Float.isFinite(std[j]) || !Float.isFinite(mean[j])) {
                throw new IllegalArgumentException("standardizer feature " + j + " has mean " + mean[j]
                        + " and std " + std[j] + "; std must be finite and > 0");
            }
        }
    }

    /** The transform that changes nothing (standardisation turned off). */
    public static Standardizer identity(int width) {
        float[] ones = new float[width];
        Arrays.fill(ones, 1f);
        return new Standardizer(new float[width], ones);
    }

    /** From moments computed in double: {@code variance[j]} is the population variance. */
    static Standardizer fromMoments(double[] mean, double[] variance) {
        float[] m = new float[mean.length];
        float[] s = new float[mean.length];
        for (int j = 0; j < mean.length; j++) {
            m[j] = (float) mean[j];
            double sd = Math.sqrt(Math.max(0, variance[j]));
            s[j] = sd > 0 && (float) sd > 0 ? (float) sd : 1f;    // NOTE: std 0 (or a float underflow) -> 1
        }
        return new Standardizer(m, s);
    }

    public int width() {
        return mean.length;
    }

    /** Standardises {@code rows × width()} row-major values in place. */
    public void apply(float[] rowMajor, int rows) {
        int width = mean.length;
        if ((long) rows * width > rowMajor.length) {
            throw new IllegalArgumentException("standardizer: " + rows + " rows of width " + width
                    + " need " + (long) rows * width + " values, got " + rowMajor.length);
        }
        float[] inv = new float[width];
        for (int j = 0; j < width; j++) {
            inv[j] = 1f / std[j];
        }
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            for (int j = 0; j < width; j++) {
                rowMajor[base + j] = (rowMajor[base + j] - mean[j]) * inv[j];
            }
        }
    }
}
