// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

/** Training data that cannot be used: one sentence naming the column, the count of bad rows and the fix. */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
