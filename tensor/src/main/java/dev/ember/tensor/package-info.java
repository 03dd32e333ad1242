// SPDX-License-Identifier: Apache-2.0
/**
 * Dense float32 tensors and the {@link dev.ember.tensor.Backend} contract that every compute
 * path implements. Read {@link dev.ember.tensor.Backend} first, then
 * {@link dev.ember.tensor.ReferenceBackend} (the plain-Java oracle of every kernel test),
 * {@link dev.ember.tensor.ParamLayout} (one flat parameter vector) and
 * {@link dev.ember.tensor.Rng} (counter-based random numbers). No Spark here.
 */
package dev.ember.tensor;
