// SPDX-License-Identifier: Apache-2.0
/**
 * The state of a training run between two steps, shared by the step loop ({@code driver.Trainer}),
 * which produces it, and checkpoints ({@code driver.checkpoint}), which save and restore it: read
 * {@link dev.ember.driver.state.TrainState} first. It depends on neither, so neither depends on the other.
 */
package dev.ember.driver.state;
