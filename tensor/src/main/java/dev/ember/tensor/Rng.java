// SPDX-License-Identifier: Apache-2.0
package dev.ember.tensor;

/**
 * Counter-based random numbers: every draw is a pure function of {@code (seed, stream, counter)}.
 *
 * <p>No generator state is shared between rows, threads or tasks, so a retried task, a resumed run
 * and any partitioning give the same values. Callers derive {@code stream} and {@code counter} from
 * global indices (epoch, global row, layer, unit), never from a partition or task index.
 * The mixer is SplitMix64's finaliser applied to a Weyl-style combination of the three keys;
 * kernels (OpenCL included) reimplement {@link #mix} bit for bit.
 */
public final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long M1 = 0xBF58476D1CE4E5B9L;
    private static final long M2 = 0x94D049BB133111EBL;

    private Rng() {}

    /** 64 well-mixed bits for {@code (seed, stream, counter)}. */
    public static long mix(long seed, long stream, long counter) {
        long z = seed + GOLDEN * (stream + 1) + M2 * counter;
        z = (z ^ (z >>> 30)) * M1;
        z = (z ^ (z >>> 27)) * M2;
        z = z ^ (z >>> 31);
        // A second round decorrelates keys that differ only in a low counter bit.
        z = (z + GOLDEN) * M1;
        return z ^ (z >>> 29);
    }

    /** A uniform float in {@code [0, 1)} with 24 random bits. */
    public static float uniform(long seed, long stream, long counter) {
        return (mix(seed, stream, counter) >>> 40) * 0x1.0p-24f;
    }

    /** A uniform double in {@code [0, 1)} with 53 random bits. */
    public static double uniformDouble(long seed, long stream, long counter) {
        return (mix(seed, stream, counter) >>> 11) * 0x1.0p-53;
    }

    /** A standard normal draw (Box–Muller on two uniforms keyed by {@code 2·counter} and {@code 2·counter+1}). */
    public static double normal(long seed, long stream, long counter) {
        double u1 = 1.0 - uniformDouble(seed, stream, 2 * counter);    // (0, 1]: log is finite
        double u2 = uniformDouble(seed, stream, 2 * counter + 1);
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** A uniform integer in {@code [0, bound)}; the modulo bias is below {@code bound / 2^64}. */
    public static long below(long seed, long stream, long counter, long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return Long.remainderUnsigned(mix(seed, stream, counter), bound);
    }
}
