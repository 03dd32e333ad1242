// SPDX-License-Identifier: Apache-2.0
package dev.ember.tensor;

/**
 * Element-wise activation functions that backends implement, with PyTorch's definitions.
 * {@code alpha} is the parameter of the functions that take one (LeakyReLU's negative slope,
 * ELU's alpha) and is ignored by the others.
 *
 * <pre>
 * IDENTITY    x
 * RELU        max(0, x)                       relu'(0) = 0
 * LEAKY_RELU  x if x &gt; 0 else alpha·x
 * ELU         x if x &gt; 0 else alpha·(eˣ − 1)
 * SIGMOID     1 / (1 + e⁻ˣ)                    σ' = σ(1 − σ)
 * TANH        tanh x                           tanh' = 1 − tanh²
 * SELU        λ·x if x &gt; 0 else λ·α·(eˣ − 1)   λ = 1.0507009873554805, α = 1.6732632423543772
 * SILU        x·σ(x)  (Swish)                  silu' = σ(x)·(1 + x·(1 − σ(x)))
 * GELU        x·Φ(x), Φ the standard normal CDF (exact erf form, PyTorch's default)
 *             gelu' = Φ(x) + x·φ(x)
 * </pre>
 */
public enum Activation {
    IDENTITY, RELU, LEAKY_RELU, ELU, SIGMOID, TANH, SELU, SILU, GELU;

    public static final double SELU_LAMBDA = 1.0507009873554805;
    public static final double SELU_ALPHA = 1.6732632423543772;

    /** f(x) in double precision: the definition every backend is tested against. */
    public double apply(double x, double alpha) {
        return switch (this) {
            case IDENTITY -> x;
            case RELU -> x > 0 ? x : 0;
            case LEAKY_RELU -> x > 0 ? x : alpha * x;
            case ELU -> x > 0 ? x : alpha * Math.expm1(x);
            case SIGMOID -> sigmoid(x);
            case TANH -> Math.tanh(x);
            case SELU -> x > 0 ? SELU_LAMBDA * x : SELU_LAMBDA * SELU_ALPHA * Math.expm1(x);
            case SILU -> x * sigmoid(x);
            case GELU -> x * normalCdf(x);
        };
    }

    /** f'(x) in double precision. */
    public double derivative(double x, double alpha) {
        return switch (this) {
            case IDENTITY -> 1;
            case RELU -> x > 0 ? 1 : 0;
            case LEAKY_RELU -> x > 0 ? 1 : alpha;
            case ELU -> x > 0 ? 1 : alpha * Math.exp(x);
            case SIGMOID -> sigmoid(x) * (1 - sigmoid(x));
            case TANH -> 1 - Math.tanh(x) * Math.tanh(x);
            case SELU -> x > 0 ? SELU_LAMBDA : SELU_LAMBDA * SELU_ALPHA * Math.exp(x);
            case SILU -> sigmoid(x) * (1 + x * (1 - sigmoid(x)));
            case GELU -> normalCdf(x) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
        };
    }

    /** True for the functions that take {@code alpha}. */
    public boolean hasParameter() {
        return this == LEAKY_RELU || this == ELU;
    }

    /** Numerically stable logistic function. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** Φ(x) = (1 + erf(x/√2)) / 2. */
    public static double normalCdf(double x) {
        return 0.5 * (1 + erf(x / Math.sqrt(2)));
    }

    /** erf from the Numerical Recipes erfc Chebyshev fit: fractional error below 1.2e-7, ample for float32. */
    public static double erf(double x) {
        double t = 1.0 / (1.0 + 0.5 * Math.abs(x));
        double y = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - y : y - 1;
    }
}
