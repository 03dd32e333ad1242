// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.state;

import java.util.List;
import java.util.Objects;

/**
 * Everything a run needs to continue exactly where it stopped; a checkpoint holds one. Taken
 * between steps: {@code nextStep} is the first step still to run (its epoch and batch follow from
 * it), and at an epoch's end {@code history} already holds that epoch. Since every step is a pure
 * function of (θ, optimiser state, step, data, seed), continuing from here gives the uninterrupted
 * run's bits.
 */
public record TrainState(long nextStep, float[] params, float[] optimizerState, List<EpochRecord> history,
                         Progress progress, Best best) {
    public TrainState {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(optimizerState, "optimizerState");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(best, "best");
        history = List.copyOf(history);
        if (nextStep < 0) {
            throw new IllegalArgumentException("nextStep must be >= 0, got " + nextStep);
        }
        if (best.params() != null && best.params().length != params.length) {
            throw new IllegalArgumentException("best parameters hold " + best.params().length + " values, the"
                    + " parameters " + params.length);
        }
    }

    /** The start of a run from initial parameters and a zero optimiser state. */
    public static TrainState fresh(float[] params, int optimizerStateSize) {
        return new TrainState(0, params, new float[optimizerStateSize], List.of(), Progress.START, Best.NONE);
    }
}
