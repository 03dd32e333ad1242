// SPDX-License-Identifier: Apache-2.0
/**
 * The fast implementations of {@link dev.ember.tensor.Backend} and the choice between them. Read
 * {@link dev.ember.kernels.Backends} first (how {@code backend}/{@code device} settings pick one),
 * then {@code cpu.CpuBackend} and {@code opencl.OpenClBackend}; {@link dev.ember.kernels.Devices}
 * lists what this machine offers. Dependencies point one way: this package uses {@code cpu} and
 * {@code opencl} (whose {@code DeviceInfo} describes a device), and neither uses it.
 */
package dev.ember.kernels;
