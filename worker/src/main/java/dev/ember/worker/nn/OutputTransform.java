// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

/** What prediction applies to the network's raw output, chosen by the loss it was trained with. */
public enum OutputTransform {
    /** Outputs are already the prediction (regression, probabilities). */
    IDENTITY,
    /** Logits to class probabilities (after {@link CrossEntropy}). */
    SOFTMAX,
    /** Logits to probabilities (after {@link BceWithLogits}). */
    SIGMOID
}
