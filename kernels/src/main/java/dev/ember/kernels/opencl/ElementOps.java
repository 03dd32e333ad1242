// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.opencl;

/**
 * Element-wise ops, data movement, activations, dropout and embedding rows of {@link ArenaKernel}.
 * Each op is written for one element {@code i < items} (or one column, where an op says so); offsets index
 * {@link #arena}. Math follows {@link dev.ember.tensor.Activation} and {@link dev.ember.tensor.Rng}
 * in float (the random bits bit for bit).
 */
abstract class ElementOps extends ArenaState {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long M1 = 0xBF58476D1CE4E5B9L;
    private static final long M2 = 0x94D049BB133111EBL;
    private static final float SELU_LAMBDA = 1.0507009873554805f;
    private static final float SELU_ALPHA = 1.6732632423543772f;
    private static final float INV_SQRT_2 = 0.70710678118654752f;
    private static final float INV_SQRT_2PI = 0.3989422804014327f;

    ElementOps(int arenaFloats, int smallFloats, int largeFloats, int keyCount) {
        super(arenaFloats, smallFloats, largeFloats, keyCount);
    }

    /**
     * Ops with codes below {@link #FIRST_ROW_OP}, on elements {@code [start, end)}: a work-item
     * takes {@link #span} consecutive elements. The simple ops loop here over locals (a store to
     * the arena could alias a field for the compiler, which would then reload it every iteration),
     * so a CPU compiler turns the loops into vector code.
     */
    void elementOps(int start, int end) {
        int a = offA;
        int c = offC;
        float s = alpha;
        if (op == COPY_IN_SMALL) {
            for (int e = start; e < end; e++) {
                arena[c + e] = stageSmall[e];
            }
        } else if (op == COPY_IN_LARGE) {
            for (int e = start; e < end; e++) {
                arena[c + e] = stageLarge[e];
            }
        } else if (op == COPY_OUT_SMALL) {
            for (int e = start; e < end; e++) {
                stageSmall[e] = arena[a + e];
            }
        } else if (op == COPY_OUT_LARGE) {
            for (int e = start; e < end; e++) {
                stageLarge[e] = arena[a + e];
            }
        } else if (op == FILL) {
            for (int e = start; e < end; e++) {
                arena[c + e] = s;
            }
        } else if (op == ADD_ROW_VECTOR) {
            addRowVector(start, end);
        } else if (op == ACTIVATE) {
            activate(start, end);
        } else if (op == ACTIVATE_BACKWARD) {
            activateBackward(start, end);
        } else if (op == SUM_ROWS) {
            sumColumns(start, end);
        } else {
            for (int e = start; e < end; e++) {
                otherOp(e);
            }
        }
    }

    /**
     * y[e] += bias[e mod cols] over [start, end), one run of a row at a time, so the loop body has
     * no division and vectorises.
     */
    private void addRowVector(int start, int end) {
        int c = offC;
        int w = cols;
        int e = start;
        int j = start % w;
        while (e < end) {
            int stop = min(end, e + w - j);
            int b = offB + j - e;
            for (int q = e; q < stop; q++) {
                arena[c + q] = arena[c + q] + arena[b + q];
            }
            e = stop;
            j = 0;
        }
    }

    /** The ReLU family gets loops of its own: the general path calls through an if-chain per element. */
    private void activate(int start, int end) {
        int a = offA;
        int c = offC;
        int f = code;
        float al = alpha;
        if (f == RELU) {
            for (int e = start; e < end; e++) {
                float x = arena[a + e];
                arena[c + e] = x > 0f ? x : 0f;
            }
        } else if (f == IDENTITY) {
            for (int e = start; e < end; e++) {
                arena[c + e] = arena[a + e];
            }
        } else {
            for (int e = start; e < end; e++) {
                arena[c + e] = activation(f, arena[a + e], al);
            }
        }
    }

    /** dx = dy·f'(x); x at offA, y at offB, dy at offC, dx at offD. */
    private void activateBackward(int start, int end) {
        int a = offA;
        int b = offB;
        int c = offC;
        int d = offD;
        int f = code;
        float al = alpha;
        if (f == RELU) {
            for (int e = start; e < end; e++) {
                arena[d + e] = arena[c + e] * (arena[a + e] > 0f ? 1f : 0f);
            }
        } else if (f == SIGMOID) {
            for (int e = start; e < end; e++) {
                float y = arena[b + e];
                arena[d + e] = arena[c + e] * (y * (1f - y));
            }
        } else if (f == TANH) {
            for (int e = start; e < end; e++) {
                float y = arena[b + e];
                arena[d + e] = arena[c + e] * (1f - y * y);
            }
        } else {
            for (int e = start; e < end; e++) {
                arena[d + e] = arena[c + e] * derivative(f, arena[a + e], arena[b + e], al);
            }
        }
    }

    /**
     * out[j] = beta·out[j] + Σ_r x[r][j] for the columns j in [start, end) of a rows×cols tensor at
     * offA. One column (a GPU work-item) sums in a register and stores once. A run of columns (a CPU
     * work-item) walks rows in the outer loop, so that the inner one reads a contiguous run of a row
     * into vector loads, adding x[0][j], x[1][j], ... in row order onto the scaled old value.
     */
    private void sumColumns(int start, int end) {
        int x = offA;
        int out = offC;
        int w = cols;
        int n = rows;
        float be = beta;
        if (end - start == 1) {
            float sum = 0f;
            for (int r = 0; r < n; r++) {
                sum += arena[x + r * w + start];
            }
            arena[out + start] = (be == 0f ? 0f : be * arena[out + start]) + sum;
        } else {
            for (int j = start; j < end; j++) {
                arena[out + j] = be == 0f ? 0f : be * arena[out + j];
            }
            for (int r = 0; r < n; r++) {
                int row = x + r * w;
                for (int j = start; j < end; j++) {
                    arena[out + j] = arena[out + j] + arena[row + j];
                }
            }
        }
    }

    private void otherOp(int i) {
        if (op == MULTIPLY) {
            arena[offC + i] = arena[offA + i] * arena[offB + i];
        } else {
            structuredOp(i);
        }
    }

    private void structuredOp(int i) {
        if (op == COPY_COLUMNS) {
            // offC already includes the destination column; inner = destination row width
            arena[offC + (i / cols) * inner + i % cols] = arena[offA + i];
        } else if (op == DROPOUT) {
            dropout(i);
        } else if (op == GATHER_ROWS) {
            int r = i / cols;
            int row = (int) arena[offB + r];
            arena[offC + r * inner + i % cols] = arena[offA + row * cols + i % cols];
        } else if (op == SCATTER_ADD_ROWS) {
            scatterColumn(i);
        }
    }

    /**
     * Work-item per table column j; rows are visited in order, so repeated indices add up
     * deterministically with no atomics. dOut at offA (with its column offset), row width inner;
     * rows indices at offB; dTable at offC with cols columns.
     */
    private void scatterColumn(int j) {
        for (int r = 0; r < rows; r++) {
            int row = (int) arena[offB + r];
            arena[offC + row * cols + j] = arena[offC + row * cols + j] + arena[offA + r * inner + j];
        }
    }

    /** x at offA, y at offC, mask at offD, cols wide; keys[r] is row r's key; alpha = 1/(1−p), beta = p. */
    private void dropout(int i) {
        int r = i / cols;
        int c = i % cols;
        float m = uniform(seed, keys[r], c) < beta ? 0f : alpha;
        arena[offD + i] = m;
        arena[offC + i] = arena[offA + i] * m;
    }

    /** Rng.mix, bit for bit (long arithmetic wraps in OpenCL as in Java). */
    long mix(long s, long stream, long counter) {
        long z = s + GOLDEN * (stream + 1) + M2 * counter;
        z = (z ^ (z >>> 30)) * M1;
        z = (z ^ (z >>> 27)) * M2;
        z = z ^ (z >>> 31);
        z = (z + GOLDEN) * M1;
        return z ^ (z >>> 29);
    }

    /** Rng.uniform: the top 24 bits as a float in [0, 1). */
    float uniform(long s, long stream, long counter) {
        return (mix(s, stream, counter) >>> 40) * 0x1.0p-24f;
    }

    float sigmoid(float x) {
        float e = exp(-abs(x));
        return x >= 0f ? 1f / (1f + e) : e / (1f + e);
    }

    /** Activation.erf's fit (fractional error below 1.2e-7). */
    float erf(float x) {
        float t = 1f / (1f + 0.5f * abs(x));
        float poly = -1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f
                + t * (-0.18628806f + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f
                + t * (-0.82215223f + t * 0.17087277f))))))));
        float y = t * exp(-x * x + poly);
        return x >= 0f ? 1f - y : y - 1f;
    }

    float activation(int f, float x, float a) {
        float y = x;
        if (f == RELU) {
            y = x > 0f ? x : 0f;
        } else if (f == LEAKY_RELU) {
            y = x > 0f ? x : a * x;
        } else if (f == ELU) {
            y = x > 0f ? x : a * expm1(x);
        } else if (f == SIGMOID) {
            y = sigmoid(x);
        } else if (f == TANH) {
            y = tanh(x);
        } else if (f == SELU) {
            y = x > 0f ? SELU_LAMBDA * x : SELU_LAMBDA * SELU_ALPHA * expm1(x);
        } else if (f == SILU) {
            y = x * sigmoid(x);
        } else if (f == GELU) {
            y = x * 0.5f * (1f + erf(x * INV_SQRT_2));
        }
        return y;
    }

    /** f'(x); sigmoid and tanh use the forward output y, the rest x. */
    float derivative(int f, float x, float y, float a) {
        float d = 1f;
        if (f == RELU) {
            d = x > 0f ? 1f : 0f;
        } else if (f == LEAKY_RELU) {
            d = x > 0f ? 1f : a;
        } else if (f == ELU) {
            d = x > 0f ? 1f : a * exp(x);
        } else if (f == SIGMOID) {
            d = y * (1f - y);
        } else if (f == TANH) {
            d = 1f - y * y;
        } else if (f == SELU) {
            d = x > 0f ? SELU_LAMBDA : SELU_LAMBDA * SELU_ALPHA * exp(x);
        } else if (f == SILU) {
            float s = sigmoid(x);
            d = s * (1f + x * (1f - s));
        } else if (f == GELU) {
            d = 0.5f * (1f + erf(x * INV_SQRT_2)) + x * exp(-0.5f * x * x) * INV_SQRT_2PI;
        }
        return d;
    }
}
