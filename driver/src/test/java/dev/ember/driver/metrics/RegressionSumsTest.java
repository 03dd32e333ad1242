// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegressionSumsTest {
    private static final double TOL = 1e-12;

    // predictions (2, 4, 6), labels (1, 4, 8): errors 1, 0, −2
    private static final float[] PRED = {2, 4, 6};
    private static final float[] LABEL = {1, 4, 8};

    @Test
    void unweightedRmseMaeAndR2() {
        // SSE = 1 + 0 + 4 = 5 → rmse = √(5/3) = 1.2909944; mae = (1 + 0 + 2)/3 = 1
        // ȳ = 13/3; SST = (−10/3)² + (−1/3)² + (11/3)² = (100 + 1 + 121)/9 = 222/9 → r2 = 1 − 5·9/222 = 0.7972973
        RegressionSums s = new RegressionSums(1).add(PRED, LABEL, null, 3);
        assertEquals(Math.sqrt(5.0 / 3), s.rmse(), TOL);
        assertEquals(1.0, s.mae(), TOL);
        assertEquals(1 - 45.0 / 222, s.r2(), TOL);
    }

    @Test
    void weightedSumsEqualRepeatingTheRow() {
        // weights (2, 1, 1), W = 4: SSE = 2·1 + 0 + 4 = 6 → rmse = √1.5; mae = (2 + 0 + 2)/4 = 1
        // ȳ = (2 + 4 + 8)/4 = 3.5; SST = 2·2.5² + 0.5² + 4.5² = 12.5 + 0.25 + 20.25 = 33 → r2 = 1 − 6/33
        RegressionSums s = new RegressionSums(1).add(PRED, LABEL, new float[] {2, 1, 1}, 3);
        assertEquals(Math.sqrt(1.5), s.rmse(), TOL);
        assertEquals(1.0, s.mae(), TOL);
        assertEquals(1 - 6.0 / 33, s.r2(), TOL);
        RegressionSums repeated = new RegressionSums(1).add(new float[] {2, 2, 4, 6}, new float[] {1, 1, 4, 8}, null, 4);
        assertEquals(repeated.r2(), s.r2(), TOL);
        assertEquals(repeated.rmse(), s.rmse(), TOL);
    }

    @Test
    void perfectFitHasR2OneAndTheMeanPredictorZero() {
        float[] labels = {1, 2, 6};   // mean 3
        RegressionSums perfect = new RegressionSums(1).add(labels, labels, null, 3);
        assertEquals(1.0, perfect.r2(), 0);
        assertEquals(0.0, perfect.rmse(), 0);
        RegressionSums mean = new RegressionSums(1).add(new float[] {3, 3, 3}, labels, null, 3);
        assertEquals(0.0, mean.r2(), TOL);
        // rmse of the mean predictor is the labels' standard deviation: √((4 + 1 + 9)/3)
        assertEquals(Math.sqrt(14.0 / 3), mean.rmse(), TOL);
    }

    @Test
    void r2IsAveragedOverOutputs() {
        // output 0: perfect (r2 1); output 1: the mean predictor (r2 0) → 0.5
        float[] labels = {1, 1, 2, 2, 6, 6};
        float[] predictions = {1, 3, 2, 3, 6, 3};
        RegressionSums s = new RegressionSums(2).add(predictions, labels, null, 3);
        assertEquals(0.5, s.r2(), TOL);
        // rmse over all 6 values: SSE = 0 + (4 + 1 + 9) → √(14/6)
        assertEquals(Math.sqrt(14.0 / 6), s.rmse(), TOL);
    }

    @Test
    void constantTargetGivesR2OneOnlyWhenPerfect() {
        float[] labels = {5, 5};
        assertEquals(1.0, new RegressionSums(1).add(labels, labels, null, 2).r2(), 0);
        assertEquals(0.0, new RegressionSums(1).add(new float[] {4, 5}, labels, null, 2).r2(), 0);
    }

    @Test
    void mergeIsAssociativeAndEqualsOnePass() {
        float[] pred = {2, 4, 6, 1, -3};
        float[] label = {1, 4, 8, 0.5f, -1};
        float[] weights = {2, 1, 1, 0.5f, 3};
        RegressionSums whole = new RegressionSums(1).add(pred, label, weights, 5);
        RegressionSums left = part(pred, label, weights, 0, 2).merge(part(pred, label, weights, 2, 3))
                .merge(part(pred, label, weights, 3, 5));
        RegressionSums right = part(pred, label, weights, 0, 2)
                .merge(part(pred, label, weights, 2, 3).merge(part(pred, label, weights, 3, 5)));
        RegressionSums withEmpty = new RegressionSums(1).merge(whole).merge(new RegressionSums(1));
        for (RegressionSums s : List.of(left, right, withEmpty)) {
            assertEquals(whole.r2(), s.r2(), TOL);
            assertEquals(whole.rmse(), s.rmse(), TOL);
            assertEquals(whole.mae(), s.mae(), TOL);
            assertEquals(whole.weight(), s.weight(), 0);
            assertEquals(5, s.rows());
        }
    }

    private static RegressionSums part(float[] pred, float[] label, float[] weights, int from, int to) {
        int n = to - from;
        float[] p = new float[n];
        float[] l = new float[n];
        float[] w = new float[n];
        System.arraycopy(pred, from, p, 0, n);
        System.arraycopy(label, from, l, 0, n);
        System.arraycopy(weights, from, w, 0, n);
        return new RegressionSums(1).add(p, l, w, n);
    }

    @Test
    void zeroWeightRowsAreIgnored() {
        RegressionSums s = new RegressionSums(1).add(new float[] {2, 4, 6, 100}, new float[] {1, 4, 8, 0},
                new float[] {1, 1, 1, 0}, 4);
        assertEquals(1 - 45.0 / 222, s.r2(), TOL);
        assertEquals(4, s.rows());
    }

    @Test
    void resultNamesItsMetricsAndEmptySumsAreRejected() {
        RegressionResult r = new RegressionSums(1).add(PRED, LABEL, null, 3).result(2.5);
        assertEquals(List.of("loss", "rmse", "mae", "r2"), List.copyOf(r.values().keySet()));
        assertEquals(1.0, r.get("mae"), TOL);
        assertThrows(IllegalStateException.class, () -> new RegressionSums(1).rmse());
        assertThrows(IllegalArgumentException.class, () -> new RegressionSums(1).merge(new RegressionSums(2)));
        assertThrows(IllegalArgumentException.class, () -> new RegressionSums(2).add(PRED, LABEL, null, 3));
    }
}
