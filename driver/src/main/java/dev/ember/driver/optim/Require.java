// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * Hyper-parameter checks shared by the optimiser and schedule records. Every message names the
 * parameter as it is spelled in a config ({@code adam.beta2}) and shows the rejected value.
 * NaN fails every check because each test is written as {@code !(inside)}.
 */
final class Require {
    private Require() {}

    static void positive(String name, double value) {
        if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + " must be > 0 and finite, got " + value);
        }
    }

    static void nonNegative(String name, double value) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + " must be >= 0 and finite, got " + value);
        }
    }

    /** {@code value} in [0, 1), the range of a decay rate or a moving-average coefficient. */
    static void unitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
    }

    /** {@code value} in (0, 1], the range of a multiplicative decay factor such as gamma. */
    static void decayFactor(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], got " + value);
        }
    }

    static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
    }

    /**
     * Per-step checks of {@link Optimizer#step}: O(1), done once per step, never inside the loop.
     */
    static void stepArguments(Optimizer optimizer, float[] theta, float[] grad, float[] state,
                              long t, float lr) {
        String name = Optimizers.nameOf(optimizer);
        if (grad.length != theta.length) {
            throw new IllegalArgumentException(name + ": gradient length " + grad.length
                    + " does not match parameter length " + theta.length);
        }
        int expected = optimizer.stateSize(theta.length);
        if (state.length != expected) {
            throw new IllegalArgumentException(name + ": state length " + state.length
                    + " does not match stateSize(" + theta.length + ") = " + expected);
        }
        if (t < 1) {
            throw new IllegalArgumentException(name + ": step t counts from 1, got " + t);
        }
        if (!(lr >= 0 && lr < Float.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + ": learning rate must be >= 0 and finite, got " + lr);
        }
    }

    /** Schedules count steps from 0. */
    static void stepIndex(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("schedule step counts from 0, got " + step);
        }
    }
}
