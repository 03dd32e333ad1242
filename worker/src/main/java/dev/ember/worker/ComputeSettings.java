// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import java.io.Serializable;

/**
 * Where a task computes: {@code backend} is {@code auto | opencl | cpu}, {@code device} is
 * {@code auto | gpu | cpu | <index>}, {@code threads} the CPU threads one task may use (0 = the
 * cores Spark gives a task, {@code spark.task.cpus}).
 */
public record ComputeSettings(String backend, String device, int threads) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ComputeSettings {
        if (threads < 0) {
            throw new IllegalArgumentException("compute.threads must be >= 0, got " + threads);
        }
    }

    public static ComputeSettings defaults() {
        return new ComputeSettings("auto", "auto", 0);
    }
}
