// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationCountsTest {
    // 4 rows × 3 classes, with the label's rank worked out:
    //   row 0: (0.7, 0.2, 0.1) label 0 → rank 0 (correct, top-2)
    //   row 1: (0.2, 0.5, 0.3) label 2 → rank 1 (wrong, top-2)
    //   row 2: (0.6, 0.3, 0.1) label 2 → rank 2 (wrong, not top-2)
    //   row 3: (0.1, 0.1, 0.8) label 2 → rank 0 (correct, top-2)
    private static final float[] SCORES = {
        0.7f, 0.2f, 0.1f,
        0.2f, 0.5f, 0.3f,
        0.6f, 0.3f, 0.1f,
        0.1f, 0.1f, 0.8f};
    private static final float[] LABELS = {0, 2, 2, 2};

    @Test
    void accuracyAndTopKFromProbabilityRows() {
        ClassificationCounts c = new ClassificationCounts(3, 2).add(SCORES, LABELS, null, 4);
        assertEquals(0.5, c.accuracy(), 0);      // rows 0, 3 of 4
        assertEquals(0.75, c.topKAccuracy(), 0); // rows 0, 1, 3 of 4
        assertEquals(4, c.rows());
    }

    @Test
    void weightedAccuracyAndTopK() {
        // weights 1, 2, 3, 4 (total 10): accuracy (1 + 4)/10 = 0.5; top-2 (1 + 2 + 4)/10 = 0.7
        float[] weights = {1, 2, 3, 4};
        ClassificationCounts c = new ClassificationCounts(3, 2).add(SCORES, LABELS, weights, 4);
        assertEquals(0.5, c.accuracy(), 1e-15);
        assertEquals(0.7, c.topKAccuracy(), 1e-15);
        assertEquals(10, c.weight(), 0);
    }

    @Test
    void tiesGoToTheLowerClassIndexLikeArgmax() {
        float[] scores = {0.4f, 0.4f, 0.2f, 0.4f, 0.4f, 0.2f};
        ClassificationCounts c = new ClassificationCounts(3, 1).add(scores, new float[] {0, 1}, null, 2);
        assertEquals(0.5, c.accuracy(), 0);   // label 0 wins the tie, label 1 loses it
    }

    @Test
    void onlyTheFirstRowsCountAndBuffersMayBeLonger() {
        // A reused batch buffer with 2 valid rows out of 4.
        ClassificationCounts c = new ClassificationCounts(3, 2).add(SCORES, LABELS, null, 2);
        assertEquals(2, c.rows());
        assertEquals(0.5, c.accuracy(), 0);
        assertEquals(1.0, c.topKAccuracy(), 0);
    }

    @Test
    void mergeIsAssociativeAndAFreshInstanceIsItsIdentity() {
        float[] weights = {1, 2, 3, 4};
        ClassificationCounts left = part(0, 1, weights).merge(part(1, 3, weights)).merge(part(3, 4, weights));
        ClassificationCounts right = part(0, 1, weights).merge(part(1, 3, weights).merge(part(3, 4, weights)));
        ClassificationCounts whole = new ClassificationCounts(3, 2).add(SCORES, LABELS, weights, 4)
                .merge(new ClassificationCounts(3, 2));
        for (ClassificationCounts c : List.of(left, right)) {
            assertEquals(whole.accuracy(), c.accuracy(), 0);
            assertEquals(whole.topKAccuracy(), c.topKAccuracy(), 0);
            assertEquals(whole.weight(), c.weight(), 0);
            assertEquals(whole.rows(), c.rows());
        }
    }

    private static ClassificationCounts part(int from, int to, float[] weights) {
        int rows = to - from;
        float[] s = new float[rows * 3];
        float[] l = new float[rows];
        float[] w = new float[rows];
        System.arraycopy(SCORES, from * 3, s, 0, rows * 3);
        System.arraycopy(LABELS, from, l, 0, rows);
        System.arraycopy(weights, from, w, 0, rows);
        return new ClassificationCounts(3, 2).add(s, l, w, rows);
    }

    @Test
    void resultNamesItsMetrics() {
        ClassificationResult r = new ClassificationCounts(3, 2).add(SCORES, LABELS, null, 4).result(0.42);
        assertEquals(Map.of("loss", 0.42, "accuracy", 0.5, "top2_accuracy", 0.75), r.values());
        assertEquals(List.of("loss", "accuracy", "top2_accuracy"), List.copyOf(r.values().keySet()));
        assertEquals(List.of("loss", "accuracy"),
                List.copyOf(new ClassificationCounts(3, 1).add(SCORES, LABELS, null, 4).result(0.42).values().keySet()));
        var missing = assertThrows(IllegalArgumentException.class, () -> r.get("auc"));
        assertTrue(missing.getMessage().contains("available: loss, accuracy, top2_accuracy"), missing.getMessage());
    }

    @Test
    void rejectsBadLabelsWeightsAndShapesNamingTheRow() {
        ClassificationCounts c = new ClassificationCounts(3, 1);
        var label = assertThrows(IllegalArgumentException.class,
                () -> c.add(SCORES, new float[] {0, 3, 0, 0}, null, 4));
        assertEquals("label 3.0 at row 1 is not a class index in [0, 3)", label.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.add(SCORES, new float[] {0.5f, 0, 0, 0}, null, 4));
        var weight = assertThrows(IllegalArgumentException.class,
                () -> c.add(SCORES, LABELS, new float[] {1, 1, -1, 1}, 4));
        assertEquals("sample weight -1.0 at row 2 must be >= 0 and finite", weight.getMessage());
        var shape = assertThrows(IllegalArgumentException.class, () -> c.add(SCORES, LABELS, null, 5));
        assertEquals("scores holds 12 values, fewer than 5 rows × 3 = 15", shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.merge(new ClassificationCounts(3, 2)));
        assertThrows(IllegalStateException.class, () -> new ClassificationCounts(3, 1).accuracy());
    }
}
