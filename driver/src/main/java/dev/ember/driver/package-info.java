// SPDX-License-Identifier: Apache-2.0
/**
 * The Spark driver side of training: {@link dev.ember.driver.TrainJob} (the {@code train} job from
 * config to model folder) and {@link dev.ember.driver.Trainer} (the synchronous step loop) are the
 * classes to read first; {@link dev.ember.driver.StepLoop} runs one data-parallel step,
 * {@link dev.ember.driver.Evaluator} and {@link dev.ember.driver.Predictor} score cached blocks.
 */
package dev.ember.driver;
