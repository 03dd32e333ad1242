// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import dev.ember.kernels.cpu.CpuBackend;
import dev.ember.tensor.Tensor;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * GFLOP/s of every CPU GEMM path on the shapes of MLP training, in the three forms backprop uses
 * (NN forward, NT {@code dX = dY·W}, TN {@code dW = dYᵀ·X}). A command, not a test nor one of
 * {@link BenchMain}'s benchmarks:
 * <pre>
 *   ./ember run-example dev.ember.it.bench.GemmBench [seconds-per-case [path-filter]]
 *   java --add-modules=jdk.incubator.vector -cp ... dev.ember.it.bench.GemmBench [seconds-per-case [path-filter]]
 * </pre>
 * Paths: {@link CpuBackend}'s Vector API kernel on 1 thread and on all cores, netlib's pure-Java
 * BLAS, and {@code CpuBackend} on the native BLAS (OpenBLAS, whose threads come from
 * {@code OPENBLAS_NUM_THREADS}) as the roof. Every
 * path first runs 1 s per form to get compiled; then each case warms every path up (at least 10
 * calls and 30% of its time) and times 7 repeats in which the paths take turns; the table shows median and max, and
 * the median's ratio to the native BLAS's median. Shapes are {@code m×k×n}: C(m×n) = op(A)(m×k)·op(B)(k×n).
 */
public final class GemmBench {
    private static final int[][] SHAPES = {{256, 784, 256}, {64, 784, 128}, {256, 256, 256}, {256, 128, 10}};
    private static final String[] FORMS = {"NN", "NT", "TN"};
    private static final int REPEATS = 7;

    private GemmBench() {}

    /** One GEMM implementation under test. */
    private interface Gemm {
        void run(boolean transA, boolean transB, Tensor a, Tensor b, Tensor c);
    }

    public static void main(String[] args) {
        double secondsPerCase = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        String only = args.length > 1 ? args[1] : "";
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, Gemm> paths = new LinkedHashMap<>();
        CpuBackend one = new CpuBackend(1, CpuBackend.GemmPath.JAVA);
        CpuBackend all = new CpuBackend(cores, CpuBackend.GemmPath.JAVA);
        paths.put("vector-api 1t", (ta, tb, a, b, c) -> one.gemm(ta, tb, 1f, a, b, 0f, c));
        paths.put("vector-api " + cores + "t", (ta, tb, a, b, c) -> all.gemm(ta, tb, 1f, a, b, 0f, c));
        BLAS netlibJava = JavaBLAS.getInstance();
        paths.put("netlib " + netlibJava.getClass().getSimpleName(),
                (ta, tb, a, b, c) -> sgemm(netlibJava, ta, tb, a, b, c));
        String roof = null;
        CpuBackend nativeBlas = null;
        try {
            nativeBlas = new CpuBackend(1, CpuBackend.GemmPath.NATIVE);
            CpuBackend blas = nativeBlas;
            roof = "native BLAS";
            paths.put(roof, (ta, tb, a, b, c) -> blas.gemm(ta, tb, 1f, a, b, 0f, c));
        } catch (IllegalStateException e) {
            System.out.println("no native BLAS: " + e.getMessage());
        }
        paths.keySet().removeIf(name -> !name.contains(only));
        for (Gemm gemm : paths.values()) {
            for (String form : FORMS) {
                new Case(SHAPES[0], form).warm(gemm, 1.0);
            }
        }
        System.out.printf(Locale.ROOT, "GEMM GFLOP/s, %d cores, OPENBLAS_NUM_THREADS=%s%n", cores,
                System.getenv("OPENBLAS_NUM_THREADS"));
        System.out.println("vector-api: " + all.device());
        if (nativeBlas != null) {
            System.out.println(roof + ": " + nativeBlas.device());
        }
        System.out.printf(Locale.ROOT, "%-14s %-4s %-28s %8s %8s %9s%n", "m×k×n", "form", "path", "median", "max",
                "vs roof");
        for (int[] shape : SHAPES) {
            for (String form : FORMS) {
                Map<String, double[]> results = measure(paths, new Case(shape, form), secondsPerCase);
                double roofMedian = roof == null ? Double.NaN : results.get(roof)[0];
                for (Map.Entry<String, double[]> r : results.entrySet()) {
                    System.out.printf(Locale.ROOT, "%-14s %-4s %-28s %8.1f %8.1f %8.0f%%%n",
                            shape[0] + "×" + shape[1] + "×" + shape[2], form, r.getKey(), r.getValue()[0],
                            r.getValue()[1], 100 * r.getValue()[0] / roofMedian);
                }
            }
        }
        one.close();
        all.close();
        if (nativeBlas != null) {
            nativeBlas.close();
        }
    }

    /**
     * Row-major {@code C = op(A)·op(B)} through a netlib BLAS, as {@code CpuBackend} calls one:
     * column-major {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}, so B goes first with its own flag and m, n swap.
     */
    private static void sgemm(BLAS blas, boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
        int m = c.rows();
        int n = c.cols();
        int k = transA ? a.rows() : a.cols();
        blas.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, 1f, b.data(), b.offset(), Math.max(1, b.cols()),
                a.data(), a.offset(), Math.max(1, a.cols()), 0f, c.data(), c.offset(), Math.max(1, c.cols()));
    }

    /** One shape in one transpose form, with its operands. */
    private record Case(int m, int k, int n, boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
        Case(int[] shape, String form) {
            this(shape[0], shape[1], shape[2], form.charAt(0) == 'T', form.charAt(1) == 'T',
                    random(form.charAt(0) == 'T' ? shape[1] : shape[0], form.charAt(0) == 'T' ? shape[0] : shape[1], 1),
                    random(form.charAt(1) == 'T' ? shape[2] : shape[1], form.charAt(1) == 'T' ? shape[1] : shape[2], 2),
                    Tensor.zeros(shape[0], shape[2]));
        }

        double flops() {
            return 2.0 * m * n * k;
        }

        /** At least 10 calls and at least {@code seconds}. */
        void warm(Gemm gemm, double seconds) {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            for (int i = 0; i < 10 || System.nanoTime() < end; i++) {
                gemm.run(transA, transB, a, b, c);
            }
        }

        /** GFLOP/s of repeated calls for about {@code nanos}. */
        double time(Gemm gemm, long nanos) {
            long start = System.nanoTime();
            long calls = 0;
            long now;
            do {
                gemm.run(transA, transB, a, b, c);
                calls++;
                now = System.nanoTime();
            } while (now - start < nanos);
            return flops() * calls / (now - start);
        }
    }

    /**
     * {median, max} GFLOP/s per path over {@link #REPEATS} repeats. The paths take turns within
     * each repeat, so load from other processes hits them alike.
     */
    private static Map<String, double[]> measure(Map<String, Gemm> paths, Case c, double seconds) {
        for (Gemm gemm : paths.values()) {
            c.warm(gemm, seconds * 0.3);
        }
        long slice = (long) (seconds * 0.7e9 / REPEATS);
        Map<String, double[]> rates = new LinkedHashMap<>();
        paths.keySet().forEach(name -> rates.put(name, new double[REPEATS]));
        for (int r = 0; r < REPEATS; r++) {
            for (Map.Entry<String, Gemm> path : paths.entrySet()) {
                rates.get(path.getKey())[r] = c.time(path.getValue(), slice);
            }
        }
        Map<String, double[]> summary = new LinkedHashMap<>();
        rates.forEach((name, values) -> {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            summary.put(name, new double[] {sorted[REPEATS / 2], sorted[REPEATS - 1]});
        });
        return summary;
    }

    private static Tensor random(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Tensor.wrap(v, rows, cols);
    }
}
