// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.model;

/** A model directory that cannot be used: missing, truncated, altered or of another format. */
public final class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
