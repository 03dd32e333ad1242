// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryCountsTest {
    // Positives score 0.9, 0.6, 0.4; negatives 0.6, 0.3, 0.1. Of the 9 positive–negative pairs:
    //   0.9 beats all three negatives                   → 3
    //   0.6 ties 0.6 (½) and beats 0.3, 0.1             → 2.5
    //   0.4 loses to 0.6 and beats 0.3, 0.1             → 2
    // AUC = 7.5 / 9 = 0.8333...
    private static final float[] SCORES = {0.9f, 0.6f, 0.4f, 0.6f, 0.3f, 0.1f};
    private static final float[] LABELS = {1, 1, 1, 0, 0, 0};

    @Test
    void exactAucGivesTiesHalfCredit() {
        assertEquals(7.5 / 9, Auc.exact(SCORES, LABELS, null, 6), 1e-15);
    }

    @Test
    void histogramAucMatchesWhenOnlyTrueTiesShareABin() {
        BinaryCounts c = new BinaryCounts().add(SCORES, LABELS, null, 6);
        assertEquals(7.5 / 9, c.auc(), 1e-15);
        // Only the tied pair (0.6, 0.6) shares a bin: bound = ½·1·1 / 9
        assertEquals(1.0 / 18, c.aucErrorBound(), 1e-15);
    }

    @Test
    void coarseBinsCreditWithinBinPairsHalfAndStayWithinTheBound() {
        // 4 bins of width 0.25: positives in bins 3, 2, 1; negatives in bins 2, 1, 0.
        // Pair (0.4, 0.3) now shares bin 1 and gets ½ instead of 1: AUC = 7 / 9.
        // Bound = ½·(1·1 [bin 2] + 1·1 [bin 1]) / 9 = 1/9 ≥ |7/9 − 7.5/9| = 1/18.
        BinaryCounts c = new BinaryCounts(4).add(SCORES, LABELS, null, 6);
        assertEquals(7.0 / 9, c.auc(), 1e-15);
        assertEquals(1.0 / 9, c.aucErrorBound(), 1e-15);
    }

    @Test
    void weightedAucEqualsRepeatingTheRow() {
        // Weight 2 on the 0.9 positive: credit 2·3 + 2.5 + 2 = 10.5 over P·N = 4·3 → 0.875
        float[] weights = {2, 1, 1, 1, 1, 1};
        assertEquals(0.875, Auc.exact(SCORES, LABELS, weights, 6), 1e-15);
        assertEquals(0.875, new BinaryCounts().add(SCORES, LABELS, weights, 6).auc(), 1e-15);
        float[] repeated = {0.9f, 0.9f, 0.6f, 0.4f, 0.6f, 0.3f, 0.1f};
        float[] repeatedLabels = {1, 1, 1, 1, 0, 0, 0};
        assertEquals(0.875, Auc.exact(repeated, repeatedLabels, null, 7), 1e-15);
    }

    @Test
    void accuracyUsesThresholdStrictlyAboveOneHalf() {
        // Predicted positive when p > 0.5: 0.9 ✓, 0.6 ✓, 0.4 ✗ (positives); 0.6 ✗, 0.3 ✓, 0.1 ✓ → 4/6
        assertEquals(4.0 / 6, new BinaryCounts().add(SCORES, LABELS, null, 6).accuracy(), 1e-15);
        // p = 0.5 is predicted negative.
        BinaryCounts half = new BinaryCounts().add(new float[] {0.5f, 0.5f}, new float[] {0, 1}, null, 2);
        assertEquals(0.5, half.accuracy(), 0);
        // Weighted: weight 4 on the misclassified 0.4 positive → (1 + 1 + 1 + 1) / (4 + 5) = 4/9
        float[] weights = {1, 1, 4, 1, 1, 1};
        assertEquals(4.0 / 9, new BinaryCounts().add(SCORES, LABELS, weights, 6).accuracy(), 1e-15);
    }

    @Test
    void histogramAucIsWithinItsBoundOfTheExactValueOnRandomScores() {
        Random random = new Random(7);
        int n = 5000;
        float[] scores = new float[n];
        float[] labels = new float[n];
        float[] weights = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(2);
            // Overlapping classes: positives lean high.
            scores[i] = (float) Math.min(1, Math.max(0, 0.5 + 0.2 * random.nextGaussian() + 0.1 * labels[i]));
            weights[i] = 1 + random.nextInt(3);
        }
        BinaryCounts c = new BinaryCounts().add(scores, labels, weights, n);
        double exact = Auc.exact(scores, labels, weights, n);
        assertTrue(Math.abs(c.auc() - exact) <= c.aucErrorBound(), c.auc() + " vs " + exact);
        assertTrue(c.aucErrorBound() < 1e-3, "bound " + c.aucErrorBound());
        assertTrue(exact > 0.6 && exact < 0.7, "exact " + exact);   // shift 0.5σ: Φ(0.5/√2) ≈ 0.638
    }

    @Test
    void mergeIsAssociativeAndEqualsOnePass() {
        BinaryCounts a = new BinaryCounts().add(new float[] {0.9f, 0.6f}, new float[] {1, 1}, null, 2);
        BinaryCounts b = new BinaryCounts().add(new float[] {0.4f, 0.6f}, new float[] {1, 0}, null, 2);
        BinaryCounts c = new BinaryCounts().add(new float[] {0.3f, 0.1f}, new float[] {0, 0}, null, 2);
        BinaryCounts a2 = new BinaryCounts().add(new float[] {0.9f, 0.6f}, new float[] {1, 1}, null, 2);
        BinaryCounts b2 = new BinaryCounts().add(new float[] {0.4f, 0.6f}, new float[] {1, 0}, null, 2);
        BinaryCounts c2 = new BinaryCounts().add(new float[] {0.3f, 0.1f}, new float[] {0, 0}, null, 2);
        BinaryCounts left = a.merge(b).merge(c).merge(new BinaryCounts());
        BinaryCounts right = a2.merge(b2.merge(c2));
        BinaryCounts whole = new BinaryCounts().add(SCORES, LABELS, null, 6);
        for (BinaryCounts m : new BinaryCounts[] {left, right}) {
            assertEquals(whole.auc(), m.auc(), 0);
            assertEquals(whole.accuracy(), m.accuracy(), 0);
            assertEquals(6, m.rows());
        }
    }

    @Test
    void rejectsScoresOutsideTheUnitIntervalAndSingleClassSets() {
        var score = assertThrows(IllegalArgumentException.class,
                () -> new BinaryCounts().add(new float[] {1.5f}, new float[] {1}, null, 1));
        assertEquals("score 1.5 at row 0 is not a probability in [0, 1]", score.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new BinaryCounts().add(new float[] {Float.NaN}, new float[] {1}, null, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new BinaryCounts().add(new float[] {0.5f}, new float[] {2}, null, 1));
        BinaryCounts onlyPositive = new BinaryCounts().add(new float[] {0.5f}, new float[] {1}, null, 1);
        var auc = assertThrows(IllegalStateException.class, onlyPositive::auc);
        assertEquals("AUC needs both classes: positive weight 1.0, negative weight 0.0", auc.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BinaryCounts(4).merge(new BinaryCounts(8)));
    }

    @Test
    void resultNamesItsMetrics() {
        BinaryResult r = new BinaryCounts().add(SCORES, LABELS, null, 6).result(0.3);
        assertEquals(java.util.List.of("loss", "accuracy", "auc"), java.util.List.copyOf(r.values().keySet()));
        assertEquals(7.5 / 9, r.get("auc"), 1e-15);
    }
}
