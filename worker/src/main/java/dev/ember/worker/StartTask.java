// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

/**
 * Starts the executor's compute backend for a network before the first step (creating the backend
 * and compiling its kernels is then a once-per-JVM cost outside the step loop) and says what it runs on.
 */
public final class StartTask {
    private StartTask() {}

    /** "backend NAME on DEVICE" of the worker this executor gives the network. */
    public static String run(String specJson, ComputeSettings compute, int microBatch) {
        try (Engine.Worker w = Engine.get().acquire(specJson, compute, microBatch)) {
            return w.describe();
        }
    }
}
