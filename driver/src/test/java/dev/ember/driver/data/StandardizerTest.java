// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StandardizerTest {
    @Test
    void appliesMeanAndStdPerColumnInPlace() {
        Standardizer s = new Standardizer(new float[] {1, -2}, new float[] {2, 0.5f});
        float[] x = {3, -2, 1, -1, -1, -3};
        s.apply(x, 3);
        assertArrayEquals(new float[] {1, 0, 0, 2, -1, -2}, x, 1e-6f);
    }

    @Test
    void constantFeatureGetsStdOneInsteadOfZero() {
        Standardizer s = Standardizer.fromMoments(new double[] {5, 1}, new double[] {0, 4});
        assertArrayEquals(new float[] {1, 2}, s.std());
        float[] x = {5, 3};
        s.apply(x, 1);
        assertArrayEquals(new float[] {0, 1}, x);
    }

    @Test
    void identityChangesNothing() {
        float[] x = {1.5f, -2, 7};
        Standardizer.identity(3).apply(x, 1);
        assertArrayEquals(new float[] {1.5f, -2, 7}, x);
    }

    @Test
    void rejectsZeroStdAndTooShortArrays() {
        assertThrows(IllegalArgumentException.class, () -> new Standardizer(new float[] {0}, new float[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Standardizer.identity(3).apply(new float[5], 2));
    }
}
