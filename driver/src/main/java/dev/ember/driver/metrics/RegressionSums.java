// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

import java.io.Serializable;

/**
 * Partial sums for regression with {@code outputs} targets per row, row weights w and errors
 * e = prediction − label. Per output o it keeps Σw·e², Σw·|e|, and the weighted mean ȳ_o and sum of
 * squared deviations SST_o = Σw·(y − ȳ_o)² of the labels; with W = Σw,
 * <pre>
 *   rmse = √(Σ_o Σw·e² / (W·outputs))      mae = Σ_o Σw·|e| / (W·outputs)
 *   r2   = mean over o of (1 − SSE_o / SST_o)
 * </pre>
 * SST is kept as (W, ȳ, SST) and merged with Chan et al.'s parallel update
 * (δ = ȳ_b − ȳ_a: SST = SST_a + SST_b + δ²·W_a·W_b/W), instead of Σw·y and Σw·y², whose
 * difference cancels catastrophically when the labels' mean is large against their spread.
 * A constant target (SST_o = 0) gives r2 1 for a perfect fit and 0 otherwise. Rows of weight 0
 * are counted in {@link #rows()} and ignored in every sum.
 *
 * <p>Laws: merging a fresh instance changes nothing; {@code merge} is associative up to double
 * rounding (the merged mean involves a division).
 */
public final class RegressionSums implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int outputs;
    private long rows;
    private double weight;
    private final double[] squaredError;
    private final double[] absoluteError;
    private final double[] labelMean;
    private final double[] labelSst;

    public RegressionSums(int outputs) {
        if (outputs < 1) {
            throw new IllegalArgumentException("regression needs at least 1 output, got " + outputs);
        }
        this.outputs = outputs;
        squaredError = new double[outputs];
        absoluteError = new double[outputs];
        labelMean = new double[outputs];
        labelSst = new double[outputs];
    }

    /**
     * Adds {@code rows} rows: {@code predictions} and {@code labels} row-major rows × outputs,
     * {@code weights} one per row or null for all 1. Returns {@code this}.
     */
    public RegressionSums add(float[] predictions, float[] labels, float[] weights, int rows) {
        Rows.checkLength("predictions", predictions, rows, outputs);
        Rows.checkLength("labels", labels, rows, outputs);
        if (weights != null) {
            Rows.checkLength("weights", weights, rows, 1);
        }
        for (int r = 0; r < rows; r++) {
            double w = Rows.weight(weights, r);
            if (w == 0) {
                continue;
            }
            double total = weight + w;
            for (int o = 0; o < outputs; o++) {
                double y = labels[r * outputs + o];
                double e = predictions[r * outputs + o] - y;
                squaredError[o] += w * e * e;
                absoluteError[o] += w * Math.abs(e);
                // Weighted Welford: SST += w·(y − old mean)·(y − new mean).
                double delta = y - labelMean[o];
                labelMean[o] += delta * w / total;
                labelSst[o] += w * delta * (y - labelMean[o]);
            }
            weight = total;
        }
        this.rows += rows;
        return this;
    }

    /** Adds {@code other} into this and returns {@code this}. */
    public RegressionSums merge(RegressionSums other) {
        if (other.outputs != outputs) {
            throw new IllegalArgumentException("cannot merge sums for " + other.outputs
                    + " outputs into sums for " + outputs);
        }
        rows += other.rows;
        if (other.weight == 0) {
            return this;   // holds no weighted row: every sum of other is 0
        }
        double total = weight + other.weight;
        for (int o = 0; o < outputs; o++) {
            squaredError[o] += other.squaredError[o];
            absoluteError[o] += other.absoluteError[o];
            double delta = other.labelMean[o] - labelMean[o];
            labelMean[o] += delta * other.weight / total;
            labelSst[o] += other.labelSst[o] + delta * delta * weight * other.weight / total;
        }
        weight = total;
        return this;
    }

    public long rows() {
        return rows;
    }

    public double weight() {
        return weight;
    }

    public double rmse() {
        return Math.sqrt(sum(squaredError) / (requireWeight() * outputs));
    }

    public double mae() {
        return sum(absoluteError) / (requireWeight() * outputs);
    }

    /** 1 − SSE/SST per output, averaged over the outputs. */
    public double r2() {
        requireWeight();
        double sum = 0;
        for (int o = 0; o < outputs; o++) {
            if (labelSst[o] > 0) {
                sum += 1 - squaredError[o] / labelSst[o];
            } else {
                sum += squaredError[o] == 0 ? 1 : 0;
            }
        }
        return sum / outputs;
    }

    /** The metrics, with the mean {@code loss} computed elsewhere. */
    public RegressionResult result(double loss) {
        return new RegressionResult(loss, rmse(), mae(), r2());
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    private double requireWeight() {
        if (!(weight > 0)) {
            throw new IllegalStateException("regression metrics are undefined: " + rows
                    + " rows with total weight " + weight);
        }
        return weight;
    }
}
