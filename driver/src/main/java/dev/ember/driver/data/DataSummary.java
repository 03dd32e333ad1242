// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * What one pass over the rows learns: counts of bad rows per column (for the checks), widths seen,
 * label and category ranges, the class histogram, and the training rows' per-feature mean and M2 (sum
 * of squared deviations) for standardisation. Partitions' summaries are merged on the driver in
 * partition order (Chan et al.'s pairwise update for the moments), so the result does not depend on
 * task completion order.
 */
final class DataSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    long rows;
    final TreeMap<Integer, Long> featureWidths = new TreeMap<>();
    final TreeMap<Integer, Long> labelWidths = new TreeMap<>();
    final long[] featureBad;          // per feature counter: null, NaN or infinite values
    final long[] categoryMissing;     // per categorical column: null, NaN or infinite
    final long[] categoryNegative;
    final long[] categoryFractional;
    final long[] categoryMax;
    final long[] categoryUnknown;     // index >= the cardinality a saved model knows (prediction only)
    long labelMissing;                // null, NaN or infinite
    long labelInvalid;                // classification: negative or fractional; binary: not 0/1
    long[] classCounts = new long[0]; // classification and binary: rows per class index
    long weightMissing;
    long weightNegative;
    double weightSum;
    long trainRows;
    double[] mean = new double[0];    // training rows only
    double[] m2 = new double[0];

    DataSummary(int featureCounters, int categoricalColumns) {
        featureBad = new long[featureCounters];
        categoryMissing = new long[categoricalColumns];
        categoryNegative = new long[categoricalColumns];
        categoryFractional = new long[categoricalColumns];
        categoryMax = new long[categoricalColumns];
        categoryUnknown = new long[categoricalColumns];
        Arrays.fill(categoryMax, -1);
    }

    void countClass(int k) {
        if (k >= classCounts.length) {
            classCounts = Arrays.copyOf(classCounts, Math.max(k + 1, 2 * classCounts.length));
        }
        classCounts[k]++;
    }

    /** Sets the moments of {@code n} training rows of {@code width} floats with two passes (exact in double). */
    void moments(float[] features, boolean[] train, int rows, int width) {
        mean = new double[width];
        m2 = new double[width];
        long n = 0;
        for (int r = 0; r < rows; r++) {
            if (train[r]) {
                n++;
                for (int j = 0; j < width; j++) {
                    mean[j] += features[r * width + j];
                }
            }
        }
        trainRows = n;
        if (n == 0) {
            return;
        }
        for (int j = 0; j < width; j++) {
            mean[j] /= n;
        }
        for (int r = 0; r < rows; r++) {
            if (train[r]) {
                for (int j = 0; j < width; j++) {
                    double d = features[r * width + j] - mean[j];
                    m2[j] += d * d;
                }
            }
        }
    }

    /** Adds {@code o} into this and returns this. */
    DataSummary merge(DataSummary o) {
        rows += o.rows;
        o.featureWidths.forEach((w, c) -> featureWidths.merge(w, c, Long::sum));
        o.labelWidths.forEach((w, c) -> labelWidths.merge(w, c, Long::sum));
        add(featureBad, o.featureBad);
        add(categoryMissing, o.categoryMissing);
        add(categoryNegative, o.categoryNegative);
        add(categoryFractional, o.categoryFractional);
        add(categoryUnknown, o.categoryUnknown);
        for (int j = 0; j < categoryMax.length; j++) {
            categoryMax[j] = Math.max(categoryMax[j], o.categoryMax[j]);
        }
        labelMissing += o.labelMissing;
        labelInvalid += o.labelInvalid;
        if (o.classCounts.length > classCounts.length) {
            classCounts = Arrays.copyOf(classCounts, o.classCounts.length);
        }
        add(classCounts, o.classCounts);
        weightMissing += o.weightMissing;
        weightNegative += o.weightNegative;
        weightSum += o.weightSum;
        mergeMoments(o);
        return this;
    }

    private void mergeMoments(DataSummary o) {
        if (o.trainRows == 0) {
            return;
        }
        if (trainRows == 0 || mean.length != o.mean.length) {
            // NOTE: a width mismatch fails the checks anyway; keep the first width's moments.
            if (trainRows == 0) {
                mean = o.mean.clone();
                m2 = o.m2.clone();
                trainRows = o.trainRows;
            }
            return;
        }
        double n = trainRows + o.trainRows;
        for (int j = 0; j < mean.length; j++) {
            double delta = o.mean[j] - mean[j];
            mean[j] += delta * o.trainRows / n;
            m2[j] += o.m2[j] + delta * delta * trainRows * o.trainRows / n;
        }
        trainRows += o.trainRows;
    }

    private static void add(long[] into, long[] from) {
        for (int i = 0; i < from.length; i++) {
            into[i] += from[i];
        }
    }

    double[] variance() {
        double[] v = new double[m2.length];
        for (int j = 0; j < v.length; j++) {
            v[j] = trainRows == 0 ? 0 : m2[j] / trainRows;
        }
        return v;
    }
}
