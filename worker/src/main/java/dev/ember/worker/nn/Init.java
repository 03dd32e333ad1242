// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker.nn;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.ember.tensor.Activation;
import dev.ember.tensor.Rng;
import java.util.Arrays;

/**
 * How a {@link Dense} layer's weights start, for {@code fanIn = in} and {@code fanOut = units}
 * (biases always start at zero). {@code gain} is PyTorch's {@code calculate_gain} of the activation
 * that follows the layer ({@link #gain}).
 *
 * <pre>
 * glorot_uniform   U(−a, a),  a = √(6 / (fanIn + fanOut))       (alias xavier_uniform)
 * glorot_normal    N(0, σ²),  σ = √(2 / (fanIn + fanOut))       (alias xavier_normal)
 * kaiming_uniform  U(−a, a),  a = gain·√(3 / fanIn)             (alias he_uniform)
 * kaiming_normal   N(0, σ²),  σ = gain / √fanIn                 (alias he_normal)
 * lecun_normal     N(0, σ²),  σ = 1 / √fanIn                    (plain, not truncated, normal)
 * zeros, constant(value)
 * auto             kaiming_normal before relu, leaky_relu, elu, gelu, silu; lecun_normal before
 *                  selu; glorot_uniform before sigmoid, tanh or nothing (a linear output)
 * </pre>
 * Element {@code e} of a weight matrix draws from {@code Rng} keyed by {@code (seed, stream, e)},
 * the stream being the layer index, so every process initialises the same values.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Init.Auto.class, name = "auto"),
    @JsonSubTypes.Type(value = Init.GlorotUniform.class, names = {"glorot_uniform", "xavier_uniform"}),
    @JsonSubTypes.Type(value = Init.GlorotNormal.class, names = {"glorot_normal", "xavier_normal"}),
    @JsonSubTypes.Type(value = Init.KaimingUniform.class, names = {"kaiming_uniform", "he_uniform"}),
    @JsonSubTypes.Type(value = Init.KaimingNormal.class, names = {"kaiming_normal", "he_normal"}),
    @JsonSubTypes.Type(value = Init.LecunNormal.class, name = "lecun_normal"),
    @JsonSubTypes.Type(value = Init.Zeros.class, name = "zeros"),
    @JsonSubTypes.Type(value = Init.Constant.class, name = "constant"),
})
public sealed interface Init {

    /**
     * Writes a {@code fanOut × fanIn} weight matrix into {@code out[offset..]}, given the
     * activation {@code next} (with its parameter {@code alpha}) that follows the layer.
     */
    void fill(float[] out, int offset, int fanOut, int fanIn, Activation next, float alpha, long seed, long stream);

    static Init auto() {
        return new Auto();
    }

    /**
     * PyTorch's {@code calculate_gain}: √2 for the ReLU family (ELU, GELU and SiLU count as
     * ReLU-like), √(2 / (1 + slope²)) for leaky ReLU, 5/3 for tanh, 3/4 for SELU, 1 for linear and
     * sigmoid.
     */
    static double gain(Activation next, float alpha) {
        return switch (next) {
            case RELU, ELU, GELU, SILU -> Math.sqrt(2);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1 + (double) alpha * alpha));
            case TANH -> 5.0 / 3;
            case SELU -> 0.75;
            case IDENTITY, SIGMOID -> 1;
        };
    }

    /** Chooses by the following activation, as the table above says. */
    record Auto() implements Init {
        @Override
        public void fill(float[] out, int offset, int fanOut, int fanIn, Activation next, float alpha, long seed,
                long stream) {
            resolve(next).fill(out, offset, fanOut, fanIn, next, alpha, seed, stream);
        }

        /** The initialiser {@code auto} stands for before {@code next}. */
        public static Init resolve(Activation next) {
            return switch (next) {
                case RELU, LEAKY_RELU, ELU, GELU, SILU -> new KaimingNormal();
                case SELU -> new LecunNormal();
                case IDENTITY, SIGMOID, TANH -> new GlorotUniform();
            };
        }
    }

    record GlorotUniform() implements Init {
        @Override
        public void fill(float[] out, int offset, int fanOut, int fanIn, Activation next, float alpha, long seed,
                long stream) {
            uniform(out, offset, fanOut * fanIn, Math.sqrt(6.0 / (fanIn + fanOut)), seed, stream);
        }
    }

    record GlorotNormal() implements Init {
        @Override
        public void fill(float[] out, int offset, int fanOut, int fanIn, Activation next, float alpha, long seed,
                long stream) {
            normal(out, offset, fanOut * fanIn, Math.sqrt(2.0 / (fanIn + fanOut)), seed, stream);
        }
    }

    record KaimingUniform() implements Init {
        @Override
        public void fill(float[] out, int offset, int fanOut, int fanIn, Activation next, float alpha, long seed,
                long stream) {
            uniform(out, offset, fanOut * fanIn, gain(next, alpha) * Math.sqrt(3.0 / fanIn), seed, stream);
        }
    }

    record KaimingNormal() implements Init {
        @Override
        public void fill(float[] out, int offset, int fanOut, int fanIn, Activation next, float alpha, long seed,
                long stream) {
            normal(out, offset, fanOut * fanIn, gain(next, alpha) / Math.sqrt(fanIn), seed, stream);
        }
    }

    record LecunNormal() implements Init {
        @Override
        public void fill(float[] out, int offset, int fanOut, int fanIn, Activation next, float alpha, long seed,
                long stream) {
            normal(out, offset, fanOut * fanIn, 1 / Math.sqrt(fanIn), seed, stream);
        }
    }

    record Zeros() implements Init {
        @Override
        public void fill(float[] out, int offset, int fanOut, int fanIn, Activation next, float alpha, long seed,
                long stream) {
            Arrays.fill(out, offset, offset + fanOut * fanIn, 0f);
        }
    }

    record Constant(float value) implements Init {
        public Constant {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("constant init value must be finite, got " + value);
            }
        }

        @Override
        public void fill(float[] out, int offset, int fanOut, int fanIn, Activation next, float alpha, long seed,
                long stream) {
            Arrays.fill(out, offset, offset + fanOut * fanIn, value);
        }
    }

    /** {@code out[offset + e] = bound·(2u − 1)}, u uniform in [0, 1) keyed by {@code (seed, stream, e)}. */
    private static void uniform(float[] out, int offset, int size, double bound, long seed, long stream) {
        for (int e = 0; e < size; e++) {
            out[offset + e] = (float) (bound * (2 * Rng.uniformDouble(seed, stream, e) - 1));
        }
    }

    /** {@code out[offset + e] = std·z}, z standard normal keyed by {@code (seed, stream, e)}. */
    private static void normal(float[] out, int offset, int size, double std, long seed, long stream) {
        for (int e = 0; e < size; e++) {
            out[offset + e] = (float) (std * Rng.normal(seed, stream, e));
        }
    }
}
