// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * An update rule for the model's one flat parameter vector, with PyTorch's semantics.
 *
 * <p>An optimiser is pure configuration: a record, printable and trivially serialisable. Its state
 * is a {@code float[stateSize(n)]} owned by the driver and saved in checkpoints; it is laid out like
 * the parameters, {@code k} consecutive blocks of {@code n} floats, and starts as all zeros.
 *
 * <p>{@link #step} is called once per step, on the driver, with {@code grad} already the MEAN
 * gradient (the driver divided the aggregated sum by the batch's total sample weight). {@code t}
 * counts steps from 1 (it drives bias corrections) and {@code lr} is this step's learning rate from
 * the {@link Schedule}; the record's own {@link #lr()} is the base rate the schedule scales. A step is
 * one loop over the parameters and allocates nothing. It updates {@code theta} and {@code state} in
 * place and never writes {@code grad}.
 */
public sealed interface Optimizer permits Sgd, Momentum, Adam, AdamW, RmsProp, Adagrad {

    /** The base learning rate (the rate a {@link Schedule} starts from). */
    double lr();

    /** Length of the state array for {@code n} parameters: {@code k·n} for some k in {0, 1, 2}. */
    int stateSize(int n);

    /**
     * Applies step {@code t} (t = 1, 2, ...) with learning rate {@code lr}.
     *
     * @throws IllegalArgumentException if the lengths disagree, {@code t < 1}, or {@code lr} is
     *     negative or not finite
     */
    void step(float[] theta, float[] grad, float[] state, long t, float lr);
}
