// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import dev.ember.driver.state.TrainState;
import java.util.Objects;

/**
 * One saved moment of a run: the trainer's whole {@link TrainState} plus the {@link RunIdentity}
 * that a resume is checked against. {@code stepsPerEpoch} turns the step into an epoch and a batch;
 * {@code created} is an ISO-8601 UTC time, for people.
 */
public record Checkpoint(RunIdentity identity, long stepsPerEpoch, String created, TrainState state) {
    public Checkpoint {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(state, "state");
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("stepsPerEpoch must be >= 1, got " + stepsPerEpoch);
        }
    }

    public long step() {
        return state.nextStep();
    }

    /** True when the checkpoint lies inside an epoch rather than at an epoch's end. */
    public boolean midEpoch() {
        return step() % stepsPerEpoch != 0;
    }

    /**
     * Where the run stands: {@code "step 25 (epoch 2, 5 of 20 batches done)"} inside an epoch,
     * {@code "step 20 (the end of epoch 1)"} between epochs.
     */
    public String position() {
        long epoch = step() / stepsPerEpoch;
        long batch = step() % stepsPerEpoch;
        if (!midEpoch()) {
            return step() == 0 ? "step 0 (the start)" : "step " + step() + " (the end of epoch " + epoch + ")";
        }
        return "step " + step() + " (epoch " + (epoch + 1) + ", " + batch + " of " + stepsPerEpoch + " batches done)";
    }
}
