// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

import java.io.Serializable;

/**
 * Partial sums for multi-class accuracy and top-k accuracy: total weight, weight of rows whose label
 * ranks first, weight of rows whose label ranks in the top k. Built per partition with {@link #add},
 * combined with {@link #merge}.
 *
 * <p>Rank of the label y in a row of scores p: {@code #{j : p_j > p_y} + #{j < y : p_j = p_y}}, so
 * ties go to the lower class index, exactly as an argmax that keeps the first maximum. The row is
 * correct if the rank is 0 and top-k correct if the rank is below k.
 *
 * <p>Laws (as in {@link java.util.stream.Collector}): merging a fresh instance changes nothing and
 * {@code merge} is associative (exactly so for integer weights, to double rounding otherwise).
 */
public final class ClassificationCounts implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int classes;
    private final int k;
    private long rows;
    private double weight;
    private double correct;
    private double topKCorrect;

    /** Counts for {@code classes} classes and top-{@code k} accuracy (k = 1 for plain accuracy only). */
    public ClassificationCounts(int classes, int k) {
        if (classes < 2) {
            throw new IllegalArgumentException("classification needs at least 2 classes, got " + classes);
        }
        if (k < 1) {
            throw new IllegalArgumentException("top-k accuracy needs k >= 1, got " + k);
        }
        this.classes = classes;
        this.k = k;
    }

    /**
     * Adds {@code rows} rows: {@code scores} row-major rows × classes (probabilities or logits: only
     * the order matters), {@code labels} one class index per row, {@code weights} one per row or null
     * for all 1. Returns {@code this}.
     */
    public ClassificationCounts add(float[] scores, float[] labels, float[] weights, int rows) {
        Rows.checkLength("scores", scores, rows, classes);
        Rows.checkLength("labels", labels, rows, 1);
        if (weights != null) {
            Rows.checkLength("weights", weights, rows, 1);
        }
        for (int r = 0; r < rows; r++) {
            int label = Rows.classIndex(labels[r], r, classes);
            double w = Rows.weight(weights, r);
            int rank = rankOfLabel(scores, r * classes, label, r);
            weight += w;
            if (rank == 0) {
                correct += w;
            }
            if (rank < k) {
                topKCorrect += w;
            }
        }
        this.rows += rows;
        return this;
    }

    private int rankOfLabel(float[] scores, int offset, int label, int r) {
        float target = scores[offset + label];
        Rows.checkFinite("score of the label", target, r);
        int rank = 0;
        for (int j = 0; j < classes; j++) {
            float p = scores[offset + j];
            if (p > target || (p == target && j < label)) {
                rank++;
            }
        }
        return rank;
    }

    /** Adds {@code other} into this and returns {@code this}. */
    public ClassificationCounts merge(ClassificationCounts other) {
        if (other.classes != classes || other.k != k) {
            throw new IllegalArgumentException("cannot merge counts for " + other.classes + " classes, top-"
                    + other.k + " into counts for " + classes + " classes, top-" + k);
        }
        rows += other.rows;
        weight += other.weight;
        correct += other.correct;
        topKCorrect += other.topKCorrect;
        return this;
    }

    public long rows() {
        return rows;
    }

    public double weight() {
        return weight;
    }

    public int k() {
        return k;
    }

    /** Weighted fraction of rows whose top class is the label. */
    public double accuracy() {
        return correct / requireWeight();
    }

    /** Weighted fraction of rows whose label ranks among the top k. */
    public double topKAccuracy() {
        return topKCorrect / requireWeight();
    }

    /** The metrics, with the mean {@code loss} computed elsewhere. */
    public ClassificationResult result(double loss) {
        return new ClassificationResult(loss, accuracy(), k, topKAccuracy());
    }

    private double requireWeight() {
        if (!(weight > 0)) {
            throw new IllegalStateException("accuracy is undefined: " + rows + " rows with total weight " + weight);
        }
        return weight;
    }
}
