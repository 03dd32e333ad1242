// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.state;

/**
 * Running totals: the current epoch's partial loss and weight sums and seconds (so a resumed epoch
 * reports the same train_loss as an uninterrupted one), and the run's samples and wall seconds.
 */
public record Progress(double epochLossSum, double epochWeightSum, double epochSeconds, long samples,
                       double wallSeconds) {
    public static final Progress START = new Progress(0, 0, 0, 0, 0);
}
