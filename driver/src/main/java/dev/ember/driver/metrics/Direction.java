// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

/** Which way a metric improves: {@code MIN} for losses and errors, {@code MAX} for scores. */
public enum Direction {
    MIN,
    MAX;

    /**
     * Whether {@code candidate} beats {@code best} by more than {@code minDelta} (so a tie is not an
     * improvement). A NaN candidate never improves; a NaN best is beaten by any number.
     */
    public boolean improves(double candidate, double best, double minDelta) {
        if (Double.isNaN(candidate)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return this == MIN ? candidate < best - minDelta : candidate > best + minDelta;
    }
}
