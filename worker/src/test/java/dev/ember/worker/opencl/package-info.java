// SPDX-License-Identifier: Apache-2.0
/**
 * Whole networks on the OpenCL backend: gradient checks ({@code OpenClNetworkGradientTest}), the
 * CPU-versus-OpenCL loss curve ({@code OpenClTrainingCurveTest}) and the step benchmark
 * ({@code StepBench}, a main class run with the test classpath). Read the gradient test first.
 */
package dev.ember.worker.opencl;
