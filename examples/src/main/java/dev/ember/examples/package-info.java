// SPDX-License-Identifier: Apache-2.0
/**
 * Runnable examples of Ember's APIs, each a {@code main} under 100 lines ({@code ./ember run-example NAME}).
 * Read {@link dev.ember.examples.PipelineExample} first: Ember as one stage of a Spark ML pipeline;
 * {@link dev.ember.examples.TreeData} makes its data. The job configs beside this module (*.yaml) run with
 * {@code ./ember train}.
 */
package dev.ember.examples;
