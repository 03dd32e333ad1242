// SPDX-License-Identifier: Apache-2.0
/**
 * Ember as Spark ML pipeline stages: {@link dev.ember.driver.ml.EmberClassifier} and
 * {@link dev.ember.driver.ml.EmberRegressor} (Estimators with MLlib-style params) train with Ember's
 * trainer through the same {@link dev.ember.driver.RunPlan} as the CLI; their models score through
 * {@link dev.ember.driver.score.MicroBatchScorer} (whole micro-batches per forward pass; the CLI's
 * predict uses it too) and save as an Ember model folder plus MLlib metadata. Read EmberClassifier
 * first, then EmberFit and EmberClassificationModel.
 */
package dev.ember.driver.ml;
