// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import java.io.IOException;

/** A checkpoint file that is truncated, altered or not a checkpoint at all: never resumed from. */
public final class CorruptCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptCheckpointException(String message) {
        super(message);
    }

    public CorruptCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
