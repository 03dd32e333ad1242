// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/** lr(t) = η, for every step t. */
public record ConstantLr(double baseLr) implements Schedule {
    public ConstantLr {
        Require.positive("constant.base_lr", baseLr);
    }

    @Override
    public double lr(long step) {
        Require.stepIndex(step);
        return baseLr;
    }
}
