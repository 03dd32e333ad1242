// SPDX-License-Identifier: Apache-2.0
/**
 * Scoring rows with a trained model, shared by the CLI's {@code predict} and the Spark ML models'
 * {@code transform}: read {@link dev.ember.driver.score.MicroBatchScorer} first. The forward pass
 * itself is the executor's {@code worker.ScoringTask}.
 */
package dev.ember.driver.score;
