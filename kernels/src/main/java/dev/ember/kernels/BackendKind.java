// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels;

import java.util.Locale;

/** {@code compute.backend}: which implementation of the ops computes. */
public enum BackendKind {
    /** An OpenCL GPU if there is one, else the faster of the CPU paths, timed once per run. */
    AUTO,
    /** {@code CpuBackend}: OpenBLAS or the Vector API on the task's cores. */
    CPU,
    /** {@code OpenClBackend} on an OpenCL device (a GPU, or PoCL on the CPU). */
    OPENCL,
    /** {@code ReferenceBackend}: plain loops, the oracle of the kernel tests; slow, for checking results. */
    REFERENCE;

    /** From a config value, any case: auto, cpu, opencl or reference. */
    public static BackendKind of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backend must be auto, cpu, opencl or reference, got '" + name + "'", e);
        }
    }

    /** The config's spelling. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return configName();
    }
}
