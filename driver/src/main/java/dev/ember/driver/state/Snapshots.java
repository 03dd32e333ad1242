// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.state;

import java.util.function.Supplier;

/**
 * Receives the chance to save the state after every step ({@code epochEnd} false: mid-epoch) and
 * after every epoch's validation and early stopping ({@code epochEnd} true). The supplied state
 * shares the live arrays: use it before returning.
 */
public interface Snapshots {
    /** Keeps nothing: a run that cannot be resumed. */
    Snapshots NONE = (nextStep, epochEnd, state) -> { };

    void offer(long nextStep, boolean epochEnd, Supplier<TrainState> state);
}
