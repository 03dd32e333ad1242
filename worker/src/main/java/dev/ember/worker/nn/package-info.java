// SPDX-License-Identifier: Apache-2.0
/**
 * Layers, losses and initialisers as immutable, JSON-serialisable descriptions whose forward and
 * backward passes run on a {@link dev.ember.tensor.Backend}. Read {@link dev.ember.worker.nn.Layer}
 * first, then {@link dev.ember.worker.nn.Dense}, {@link dev.ember.worker.nn.Loss} and
 * {@link dev.ember.worker.nn.Init}; {@link dev.ember.worker.Network} runs a stack of them.
 */
package dev.ember.worker.nn;
