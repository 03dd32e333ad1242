// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    @Test
    void lossStopsAfterPatienceEpochsWithoutImprovementBeyondMinDelta() {
        EarlyStopping es = new EarlyStopping("loss", 2, 0.01);
        assertEquals(Direction.MIN, es.direction());
        assertEquals(new EarlyStopping.Decision(true, false), es.update(0, 1.0));
        assertEquals(new EarlyStopping.Decision(true, false), es.update(1, 0.8));
        // 0.795 is lower, but not by more than 0.01: no improvement (1 of 2)
        assertEquals(new EarlyStopping.Decision(false, false), es.update(2, 0.795));
        // worse (2 of 2): stop
        assertEquals(new EarlyStopping.Decision(false, true), es.update(3, 0.85));
        assertEquals(1, es.bestEpoch());
        assertEquals(0.8, es.best(), 0);
    }

    @Test
    void anImprovementResetsThePatienceCounter() {
        EarlyStopping es = new EarlyStopping("accuracy", 2, 0);
        assertEquals(Direction.MAX, es.direction());
        es.update(0, 0.5);
        assertFalse(es.update(1, 0.5).improved());   // a tie is not an improvement
        assertTrue(es.update(2, 0.6).improved());
        assertEquals(0, es.epochsWithoutImprovement());
        assertFalse(es.update(3, 0.55).stop());
        assertTrue(es.update(4, 0.59).stop());
        assertEquals(2, es.bestEpoch());
    }

    @Test
    void nanNeverImproves() {
        EarlyStopping es = new EarlyStopping("loss", 1, 0);
        assertEquals(new EarlyStopping.Decision(false, true), es.update(0, Double.NaN));
        assertEquals(-1, es.bestEpoch());
        assertTrue(es.update(1, 3.0).improved());
    }

    @Test
    void restorePutsBackTheSavedState() {
        EarlyStopping es = new EarlyStopping("r2", 3, 0);
        es.restore(4, 0.9, 2);
        assertFalse(es.update(7, 0.95).stop());   // improves: counter reset
        assertEquals(7, es.bestEpoch());
        es.restore(4, 0.9, 2);
        assertTrue(es.update(7, 0.85).stop());    // third epoch without improvement
    }

    @Test
    void rejectsUnknownMetricsAndBadSettings() {
        var metric = assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("f1", 3, 0));
        assertTrue(metric.getMessage().startsWith("unknown metric 'f1'"), metric.getMessage());
        var patience = assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("loss", 0, 0));
        assertEquals("early_stopping.patience must be >= 1, got 0", patience.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("loss", 1, -0.1));
    }
}
