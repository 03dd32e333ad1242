// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import dev.ember.kernels.BackendKind;
import dev.ember.kernels.Backends;
import java.io.Serializable;

/**
 * Where a task computes: {@code backend} is {@code auto | opencl | cpu | reference}, {@code device} is
 * {@code auto | gpu | cpu | <index>}, {@code threads} the CPU threads one task may use (0 = the
 * cores Spark gives a task, {@code spark.task.cpus}).
 */
public record ComputeSettings(BackendKind backend, String device, int threads) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ComputeSettings {
        if (threads < 0) {
            throw new IllegalArgumentException("compute.threads must be >= 0, got " + threads);
        }
    }

    public static ComputeSettings defaults() {
        return new ComputeSettings(BackendKind.AUTO, "auto", 0);
    }

    /**
     * These settings with the backend pinned to {@code resolvedId} (what a run chose once, see
     * {@link Backends#resolvedId}), so that no task races again.
     */
    public ComputeSettings pinnedTo(String resolvedId) {
        Backends.Concrete c = Backends.concrete(resolvedId);
        return new ComputeSettings(c.backend(), c.device(), threads);
    }
}
