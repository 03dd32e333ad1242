// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.metrics;

/**
 * Early stopping on one validation metric, once per epoch. A value improves on the best so far when
 * it is better by more than {@code minDelta} in the metric's {@link Direction} (inferred from its
 * name by {@link MetricNames#direction}); the first non-NaN value always does. After {@code patience}
 * consecutive epochs without improvement (patience >= 1), {@link #update} says stop: with patience
 * 1 the first epoch that does not improve ends training. A NaN value never improves.
 *
 * <p>Mutable, used by the driver's epoch loop; {@link #bestEpoch()}, {@link #best()} and {@link
 * #epochsWithoutImprovement()} are its whole state, and {@link #restore} puts it back after a resume.
 */
public final class EarlyStopping {
    /** What one {@link #update} decided. */
    public record Decision(boolean improved, boolean stop) {}

    private final String metric;
    private final int patience;
    private final double minDelta;
    private final Direction direction;
    private long bestEpoch = -1;
    private double best = Double.NaN;
    private int epochsWithoutImprovement;

    public EarlyStopping(String metric, int patience, double minDelta) {
        this.direction = MetricNames.direction(metric);
        if (patience < 1) {
            throw new IllegalArgumentException("early_stopping.patience must be >= 1, got " + patience);
        }
        if (!(minDelta >= 0 && minDelta < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("early_stopping.min_delta must be >= 0 and finite, got " + minDelta);
        }
        this.metric = metric;
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /** Records epoch {@code epoch}'s value of the metric and says whether it is the new best and whether to stop. */
    public Decision update(long epoch, double value) {
        if (direction.improves(value, best, minDelta)) {
            best = value;
            bestEpoch = epoch;
            epochsWithoutImprovement = 0;
            return new Decision(true, false);
        }
        epochsWithoutImprovement++;
        return new Decision(false, epochsWithoutImprovement >= patience);
    }

    /** Puts back the state saved with a checkpoint. */
    public void restore(long bestEpoch, double best, int epochsWithoutImprovement) {
        if (epochsWithoutImprovement < 0) {
            throw new IllegalArgumentException("epochs without improvement must be >= 0, got "
                    + epochsWithoutImprovement);
        }
        this.bestEpoch = bestEpoch;
        this.best = best;
        this.epochsWithoutImprovement = epochsWithoutImprovement;
    }

    public String metric() {
        return metric;
    }

    public int patience() {
        return patience;
    }

    public double minDelta() {
        return minDelta;
    }

    public Direction direction() {
        return direction;
    }

    /** The epoch of the best value, or −1 before the first {@link #update}. */
    public long bestEpoch() {
        return bestEpoch;
    }

    /** The best value so far, or NaN before the first {@link #update}. */
    public double best() {
        return best;
    }

    public int epochsWithoutImprovement() {
        return epochsWithoutImprovement;
    }
}
