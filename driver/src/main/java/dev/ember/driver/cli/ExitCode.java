// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.cli;

/** Exit codes a scheduler can act on (documented in the README). */
public enum ExitCode {
    /** Training, prediction or evaluation finished and its output is in place. */
    OK(0),
    /** A bug or an unexpected failure; rerun with --verbose and report it. */
    INTERNAL(1),
    /** Bad command line, config, data or model: fix the input, retrying will not help. */
    BAD_INPUT(2),
    /** Training diverged (NaN or infinite loss): lower the learning rate or clip gradients. */
    DIVERGED(3),
    /** Spark, the cluster or the file system failed: retrying may help. */
    INFRASTRUCTURE(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
