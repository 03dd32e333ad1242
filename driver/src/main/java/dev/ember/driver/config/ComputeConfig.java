// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import dev.ember.kernels.BackendKind;

/**
 * The {@code compute} section: {@code backend} auto | cpu | opencl | reference; {@code device} "auto" or a
 * device name or index for the OpenCL backend; {@code threads} null for "the cores the task was given".
 */
public record ComputeConfig(BackendKind backend, String device, Integer threads) {
    public ComputeConfig {
        java.util.Objects.requireNonNull(backend, "compute.backend");
        if (device == null || device.isBlank()) {
            throw new ConfigException("compute.device must be 'auto' or a device name, got an empty value");
        }
        if (threads != null && threads < 1) {
            throw new ConfigException("compute.threads must be >= 1 or auto, got " + threads);
        }
    }

    public static ComputeConfig defaults() {
        return new ComputeConfig(BackendKind.AUTO, "auto", null);
    }
}
