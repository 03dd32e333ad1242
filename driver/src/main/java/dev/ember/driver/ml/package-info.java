// SPDX-License-Identifier: Apache-2.0
/**
 * Ember as a Spark ML pipeline stage: {@link dev.ember.driver.ml.EmberClassifier} (an Estimator with
 * MLlib-style params) trains with Ember's trainer, and {@link dev.ember.driver.ml.EmberClassificationModel}
 * scores whole micro-batches per task and saves as an Ember model folder plus MLlib metadata.
 * Read EmberClassifier first.
 */
package dev.ember.driver.ml;
