// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

/** Training produced a NaN or infinite loss or gradient; the last good model is kept. */
public final class DivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DivergedException(String message) {
        super(message);
    }
}
