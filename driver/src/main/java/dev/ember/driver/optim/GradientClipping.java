// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

/**
 * Gradient clipping by global L2 norm and the non-finite guard, applied by the driver to the mean
 * gradient before the optimiser step.
 *
 * <p>Clipping follows PyTorch's {@code clip_grad_norm_}: with ‖g‖ the L2 norm of the whole vector,
 * <pre>
 *   if ‖g‖ &gt; maxNorm:   g ← g · maxNorm / (‖g‖ + 1e-6)
 * </pre>
 * (the 1e-6 keeps the factor finite and leaves the clipped norm a hair below maxNorm). The norm is
 * accumulated in double. A non-finite norm (some entry NaN or infinite) leaves the gradient as it is:
 * scaling would only spread the NaN; check {@link #allFinite} or the returned norm and skip the step.
 */
public final class GradientClipping {
    private static final double EPS = 1e-6;

    private GradientClipping() {}

    /**
     * Scales {@code grad} in place so that its L2 norm is at most {@code maxNorm}.
     *
     * @return the norm BEFORE clipping (for logging); NaN or infinity if some entry is not finite
     */
    public static double clipByNorm(float[] grad, double maxNorm) {
        Require.positive("clip_norm", maxNorm);
        double norm = l2Norm(grad);
        if (norm > maxNorm && Double.isFinite(norm)) {
            float scale = (float) (maxNorm / (norm + EPS));
            for (int i = 0; i < grad.length; i++) {
                grad[i] *= scale;
            }
        }
        return norm;
    }

    /** √(Σ gᵢ²), accumulated in double (which cannot overflow for float entries). */
    public static double l2Norm(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }

    /** Whether every entry is finite (no NaN, no ±infinity). */
    public static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
