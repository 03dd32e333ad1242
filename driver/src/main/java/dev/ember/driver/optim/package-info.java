// SPDX-License-Identifier: Apache-2.0
/**
 * What the driver does to the one flat parameter vector once per step: optimisers
 * ({@link dev.ember.driver.optim.Optimizer}, read it first, then {@link dev.ember.driver.optim.Adam}),
 * learning-rate schedules ({@link dev.ember.driver.optim.Schedule}), gradient clipping and the
 * non-finite guard ({@link dev.ember.driver.optim.GradientClipping}). The config package reads their
 * keys and calls the records' constructors; a schedule is described by a
 * {@link dev.ember.driver.optim.ScheduleSpec} until {@link dev.ember.driver.optim.Schedules} builds it
 * for a run of known length. No Spark here, and no config parsing.
 */
package dev.ember.driver.optim;
