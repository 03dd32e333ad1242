// SPDX-License-Identifier: Apache-2.0
/**
 * Evaluation metrics as mergeable partial sums, so they can be computed next to the data and added
 * up with {@code treeAggregate}: {@link dev.ember.driver.metrics.ClassificationCounts} (accuracy,
 * top-k), {@link dev.ember.driver.metrics.BinaryCounts} (accuracy, ROC AUC from score histograms) and
 * {@link dev.ember.driver.metrics.RegressionSums} (RMSE, MAE, R²). Read {@link
 * dev.ember.driver.metrics.MetricNames} first (the metrics.json keys and which direction is better),
 * then {@link dev.ember.driver.metrics.EarlyStopping}. Pure Java, no Spark.
 */
package dev.ember.driver.metrics;
