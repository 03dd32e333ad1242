// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.cli;

/** A command line that cannot be run as written. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
