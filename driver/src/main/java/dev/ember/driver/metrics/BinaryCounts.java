// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

import java.io.Serializable;

/**
 * Partial sums for binary classification: accuracy at threshold 0.5 and ROC AUC from two fixed-bin
 * histograms of the scores (weight of positive rows and of negative rows per bin), which merge by
 * addition.
 *
 * <p>A score p in [0, 1] (the predicted probability of class 1) falls in bin ⌊p·B⌋ (p = 1 in the
 * last bin). A row is predicted positive when p &gt; 0.5.
 *
 * <p>AUC is the probability that a random positive scores above a random negative, ties counting
 * 1/2 (the weighted Mann–Whitney statistic). Scanning the bins upwards,
 * <pre>
 *   AUC ≈ Σ_b P_b·(N_below(b) + N_b/2) / (P·N)
 * </pre>
 * Pairs in different bins are ordered exactly; every pair within one bin gets credit 1/2, which is
 * exact for true ties and off by at most 1/2 for the others. So
 * <pre>
 *   |AUC_hist − AUC_exact| ≤ Σ_b P_b·N_b / (2·P·N)   ({@link #aucErrorBound()})
 * </pre>
 * With the default 2^16 bins and scores spread over [0, 1] this is of order 1/B ≈ 1.5e-5; it grows
 * when many positives and negatives share a bin (saturated probabilities near 0 or 1). For a small
 * set, {@link Auc#exact} sorts the scores instead.
 *
 * <p>Laws: merging a fresh instance changes nothing and {@code merge} is associative (exactly so
 * for integer weights). Memory: 2·B doubles (1 MiB with the default B).
 */
public final class BinaryCounts implements Serializable {
    private static final long serialVersionUID = 1L;

    /** 2^16 bins. */
    public static final int DEFAULT_BINS = 1 << 16;

    private final double[] positive;
    private final double[] negative;
    private long rows;
    private double weight;
    private double correct;

    public BinaryCounts() {
        this(DEFAULT_BINS);
    }

    public BinaryCounts(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("the score histogram needs at least 1 bin, got " + bins);
        }
        positive = new double[bins];
        negative = new double[bins];
    }

    /**
     * Adds {@code rows} rows: {@code scores} the probability of class 1 per row, in [0, 1];
     * {@code labels} 0 or 1; {@code weights} one per row, or null for all 1. Returns {@code this}.
     */
    public BinaryCounts add(float[] scores, float[] labels, float[] weights, int rows) {
        Rows.checkLength("scores", scores, rows, 1);
        Rows.checkLength("labels", labels, rows, 1);
        if (weights != null) {
            Rows.checkLength("weights", weights, rows, 1);
        }
        int bins = positive.length;
        for (int r = 0; r < rows; r++) {
            float p = scores[r];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("score " + p + " at row " + r + " is not a probability in [0, 1]");
            }
            boolean isPositive = Rows.classIndex(labels[r], r, 2) == 1;
            double w = Rows.weight(weights, r);
            int bin = Math.min((int) (p * bins), bins - 1);
            if (isPositive) {
                positive[bin] += w;
            } else {
                negative[bin] += w;
            }
            weight += w;
            if ((p > 0.5f) == isPositive) {
                correct += w;
            }
        }
        this.rows += rows;
        return this;
    }

    /** Adds {@code other} into this and returns {@code this}. */
    public BinaryCounts merge(BinaryCounts other) {
        if (other.positive.length != positive.length) {
            throw new IllegalArgumentException("cannot merge a histogram of " + other.positive.length
                    + " bins into one of " + positive.length);
        }
        for (int b = 0; b < positive.length; b++) {
            positive[b] += other.positive[b];
            negative[b] += other.negative[b];
        }
        rows += other.rows;
        weight += other.weight;
        correct += other.correct;
        return this;
    }

    public long rows() {
        return rows;
    }

    public double weight() {
        return weight;
    }

    /** Weighted fraction of rows with (p &gt; 0.5) equal to (label = 1). */
    public double accuracy() {
        if (!(weight > 0)) {
            throw new IllegalStateException("accuracy is undefined: " + rows + " rows with total weight " + weight);
        }
        return correct / weight;
    }

    /** ROC AUC from the histograms, ties and within-bin pairs credited 1/2. */
    public double auc() {
        double pairs = checkedPairs();
        double below = 0;
        double credit = 0;
        for (int b = 0; b < positive.length; b++) {
            credit += positive[b] * (below + negative[b] / 2);
            below += negative[b];
        }
        return credit / pairs;
    }

    /** The largest possible |{@link #auc()} − exact AUC| given what the histograms hold. */
    public double aucErrorBound() {
        double pairs = checkedPairs();
        double shared = 0;
        for (int b = 0; b < positive.length; b++) {
            shared += positive[b] * negative[b];
        }
        return shared / (2 * pairs);
    }

    /** The metrics, with the mean {@code loss} computed elsewhere. */
    public BinaryResult result(double loss) {
        return new BinaryResult(loss, accuracy(), auc(), aucErrorBound());
    }

    private double checkedPairs() {
        double p = 0;
        double n = 0;
        for (int b = 0; b < positive.length; b++) {
            p += positive[b];
            n += negative[b];
        }
        if (!(p > 0 && n > 0)) {
            throw new IllegalStateException("AUC needs both classes: positive weight " + p
                    + ", negative weight " + n);
        }
        return p * n;
    }
}
