// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.state;

/**
 * What early stopping keeps: its own state ({@code null} without early stopping), the best epoch's
 * parameters ({@code null} until an epoch improved) and that epoch's number (-1 before), and whether it stopped the run.
 */
public record Best(EarlyState early, float[] params, int epoch, boolean stopped) {
    public static final Best NONE = new Best(null, null, -1, false);
}
