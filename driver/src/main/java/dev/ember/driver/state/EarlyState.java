// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.state;

/** Early stopping's whole state: the metric it watches, its best epoch and value, epochs since then. */
public record EarlyState(String metric, long bestEpoch, double best, int epochsWithoutImprovement) {}
