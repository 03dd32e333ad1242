// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetricNamesTest {

    @ParameterizedTest
    @CsvSource({"loss, MIN", "rmse, MIN", "mae, MIN", "accuracy, MAX", "auc, MAX", "r2, MAX",
        "top5_accuracy, MAX", "top10_accuracy, MAX"})
    void directionFollowsTheMetric(String name, Direction expected) {
        assertEquals(expected, MetricNames.direction(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f1", "top0_accuracy", "topk_accuracy", "Loss", ""})
    void unknownNamesAreRejectedByName(String name) {
        var e = assertThrows(IllegalArgumentException.class, () -> MetricNames.direction(name));
        assertEquals("unknown metric '" + name + "'", e.getMessage().substring(0, e.getMessage().indexOf(';')));
    }

    @ParameterizedTest
    @CsvSource({"MIN, 0.5, 1.0, 0.1, true", "MIN, 0.95, 1.0, 0.1, false", "MAX, 0.7, 0.5, 0.1, true",
        "MAX, 0.55, 0.5, 0.1, false", "MAX, 0.5, 0.5, 0, false", "MAX, 0.5, NaN, 0, true", "MIN, NaN, 1, 0, false"})
    void improvesRequiresMoreThanMinDelta(Direction d, double candidate, double best, double minDelta, boolean expected) {
        assertEquals(expected, d.improves(candidate, best, minDelta));
    }
}
