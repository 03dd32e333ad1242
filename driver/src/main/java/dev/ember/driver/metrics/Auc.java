// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Exact ROC AUC by sorting: the weighted probability that a positive row scores above a negative
 * one, a tie counting 1/2. O(n log n) time and O(n) memory, for sets small enough to hold on one
 * machine; {@link BinaryCounts} is the mergeable approximation for large ones.
 */
public final class Auc {
    private Auc() {}

    /**
     * @param scores one score per row (any finite real: only the order matters)
     * @param labels 0 or 1 per row
     * @param weights one per row, or null for all 1
     */
    public static double exact(float[] scores, float[] labels, float[] weights, int rows) {
        Rows.checkLength("scores", scores, rows, 1);
        Rows.checkLength("labels", labels, rows, 1);
        if (weights != null) {
            Rows.checkLength("weights", weights, rows, 1);
        }
        Integer[] order = new Integer[rows];
        for (int r = 0; r < rows; r++) {
            Rows.checkFinite("score", scores[r], r);
            order[r] = r;
        }
        Arrays.sort(order, Comparator.comparingDouble(r -> scores[r]));
        double positives = 0;
        double negativesBelow = 0;
        double credit = 0;
        int i = 0;
        while (i < rows) {
            // One group of equal scores: its pairs with each other are ties.
            double groupPositive = 0;
            double groupNegative = 0;
            int j = i;
            while (j < rows && scores[order[j]] == scores[order[i]]) {
                int r = order[j];
                double w = Rows.weight(weights, r);
                if (Rows.classIndex(labels[r], r, 2) == 1) {
                    groupPositive += w;
                } else {
                    groupNegative += w;
                }
                j++;
            }
            credit += groupPositive * (negativesBelow + groupNegative / 2);
            negativesBelow += groupNegative;
            positives += groupPositive;
            i = j;
        }
        if (!(positives > 0 && negativesBelow > 0)) {
            throw new IllegalStateException("AUC needs both classes: positive weight " + positives
                    + ", negative weight " + negativesBelow);
        }
        return credit / (positives * negativesBelow);
    }
}
