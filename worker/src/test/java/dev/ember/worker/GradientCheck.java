// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.DoubleSupplier;

/**
 * Checks an analytic gradient against central differences
 * {@code ∂f/∂x_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h}, computed in double from a function of a
 * float vector.
 *
 * <p>Why float and these tolerances: the network under test runs on {@code ReferenceBackend},
 * which stores float32 activations (accumulating in double), so {@code f} carries a rounding error
 * of about 1e-7 relative. With h = 5e-3 that becomes about 1e-4 in the derivative; the truncation
 * error {@code h²·f'''/6} stays below 1e-5 for the smooth functions here. A coordinate passes when
 * {@code |analytic − numeric| ≤ 1e-3 + 1e-2·max(|analytic|, |numeric|)}: an order of magnitude above
 * both errors, and far below what a wrong formula gives (a lost factor, sign or term).
 *
 * <p>Kinks (ReLU at 0, |d| at 0, a dropped unit) make the difference quotient meaningless when the
 * interval straddles one. Each coordinate is therefore differenced at h and at h/2: a smooth
 * function gives the same slope twice, so a disagreement beyond the tolerance marks a kink and
 * the coordinate is skipped. At most a tenth of the coordinates (at least one) may be skipped, and
 * the check fails if every numeric derivative is tiny (a vacuous pass).
 */
public final class GradientCheck {
    static final double STEP = 1e-2;
    static final double ABS_TOL = 1e-3;
    static final double REL_TOL = 1e-2;

    private GradientCheck() {}

    /**
     * Perturbs each {@code x[i]} in place (restoring it), evaluates {@code f} and compares with
     * {@code analytic[i]}; {@code what} names the vector in failures. Returns how many coordinates
     * were skipped as kinks.
     */
    public static int assertMatches(String what, float[] x, float[] analytic, DoubleSupplier f) {
        int kinks = 0;
        double largest = 0;
        for (int i = 0; i < x.length; i++) {
            double coarse = difference(x, i, STEP, f);
            double fine = difference(x, i, STEP / 2, f);
            largest = Math.max(largest, Math.abs(fine));
            if (!close(coarse, fine)) {
                kinks++;
                continue;
            }
            if (!close(analytic[i], fine)) {
                fail(what + "[" + i + "]: analytic " + analytic[i] + " vs numeric " + fine + " (h: " + coarse + ")");
            }
        }
        int allowed = Math.max(1, x.length / 10);
        assertTrue(kinks <= allowed, what + ": " + kinks + " of " + x.length + " coordinates straddle a kink");
        assertTrue(largest > 10 * ABS_TOL, what + ": every numeric derivative is below " + 10 * ABS_TOL);
        return kinks;
    }

    static boolean close(double a, double b) {
        return Math.abs(a - b) <= ABS_TOL + REL_TOL * Math.max(Math.abs(a), Math.abs(b));
    }

    /** The central difference at x[i] with step h, dividing by the float steps actually taken. */
    private static double difference(float[] x, int i, double h, DoubleSupplier f) {
        float original = x[i];
        float up = (float) (original + h);
        float down = (float) (original - h);
        x[i] = up;
        double fUp = f.getAsDouble();
        x[i] = down;
        double fDown = f.getAsDouble();
        x[i] = original;
        return (fUp - fDown) / ((double) up - down);
    }
}
