// SPDX-License-Identifier: Apache-2.0
/**
 * What the driver does to the one flat parameter vector once per step: optimisers
 * ({@link dev.ember.driver.optim.Optimizer}, read it first, then {@link dev.ember.driver.optim.Adam}),
 * learning-rate schedules ({@link dev.ember.driver.optim.Schedule}), gradient clipping and the
 * non-finite guard ({@link dev.ember.driver.optim.GradientClipping}). Build them from a config with
 * {@link dev.ember.driver.optim.Optimizers} and {@link dev.ember.driver.optim.Schedules}. No Spark here.
 */
package dev.ember.driver.optim;
