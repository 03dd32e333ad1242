// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradientClippingTest {

    @Test
    void scalesDownToMaxNormAndReturnsThePreClipNorm() {
        // ‖(3, 0, 4)‖ = 5 > 1: factor 1/(5 + 1e-6) = 0.19999996 → (0.59999988, 0, 0.79999984)
        float[] grad = {3f, 0f, 4f};
        double norm = GradientClipping.clipByNorm(grad, 1.0);
        assertEquals(5.0, norm, 1e-12);
        assertArrayEquals(new float[] {0.59999988f, 0f, 0.79999984f}, grad, 1e-7f);
        assertTrue(GradientClipping.l2Norm(grad) < 1.0);
    }

    @Test
    void leavesAGradientWithinTheLimitUntouched() {
        float[] grad = {0.3f, -0.4f};
        GradientClipping.clipByNorm(grad, 0.6);   // ‖g‖ ≈ 0.5 < 0.6
        assertArrayEquals(new float[] {0.3f, -0.4f}, grad, 0f);
        float[] atLimit = {3f, 4f};
        assertEquals(5.0, GradientClipping.clipByNorm(atLimit, 5.0), 0);   // exactly 5: not above
        assertArrayEquals(new float[] {3f, 4f}, atLimit, 0f);
    }

    @Test
    void nonFiniteGradientIsReportedAndNotScaled() {
        float[] grad = {Float.NaN, 100f};
        assertTrue(Double.isNaN(GradientClipping.clipByNorm(grad, 1.0)));
        assertEquals(100f, grad[1], 0f);
        assertFalse(GradientClipping.allFinite(grad));
        assertFalse(GradientClipping.allFinite(new float[] {1f, Float.NEGATIVE_INFINITY}));
        assertTrue(GradientClipping.allFinite(new float[] {1f, -Float.MAX_VALUE}));
    }

    @Test
    void normOfLargeFloatsDoesNotOverflow() {
        // (1.8e38)² overflows float but not double: ‖(1.8e38, 2.4e38)‖ = 3e38
        assertEquals(3e38, GradientClipping.l2Norm(new float[] {1.8e38f, 2.4e38f}), 1e32);
    }

    @Test
    void rejectsNonPositiveMaxNorm() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.clipByNorm(new float[1], 0));
        assertTrue(e.getMessage().startsWith("clip_norm must be > 0"), e.getMessage());
    }
}
