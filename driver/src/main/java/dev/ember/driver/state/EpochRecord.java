// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.state;

import java.util.Map;

/** One epoch's figures: its training loss, its validation metrics (empty without a validation set), its seconds. */
public record EpochRecord(int epoch, double trainLoss, Map<String, Double> validation, double seconds) {}
