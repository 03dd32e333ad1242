// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import dev.ember.kernels.Backends;

/**
 * Starts the executor's compute backend for a network before the first step (creating the backend
 * and compiling its kernels is then a once-per-JVM cost outside the step loop) and says what it runs
 * on, so the driver can pin every task of the run to one backend.
 */
public final class StartTask {
    private StartTask() {}

    /** What an executor's worker runs on: the resolved id ({@code cpu}, {@code opencl:0}, ...) and its description. */
    public record Report(String resolvedId, String description) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What the worker this executor gives the network runs on. */
    public static Report run(String specJson, ComputeSettings compute, int microBatch) {
        try (Engine.Worker w = Engine.get().acquire(specJson, compute, microBatch)) {
            return new Report(Backends.resolvedId(w.backend()), w.describe());
        }
    }
}
