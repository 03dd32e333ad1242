// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import dev.ember.kernels.cpu.CpuBackend;
import dev.ember.tensor.Backend;
import dev.ember.tensor.Tensor;
import dev.ludovic.netlib.blas.BLAS;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * GEMM implementations under test and how they are timed. A path prepares its operands for a
 * {@link GemmCase} once ({@link #prepare}), so timing covers the calls only. {@code callers} > 1 runs
 * that many copies at once on their own threads (each with its own backend and operands), as Spark
 * runs one task per core; the rate is then the sum over callers.
 */
final class GemmPaths {
    private GemmPaths() {}

    /** Something that calls one prepared GEMM. */
    interface Call {
        void run();
    }

    /**
     * A named GEMM implementation: {@code prepare} returns one {@link Call} per caller, {@code afterCase}
     * frees a case's operands, {@code close} the path's backends.
     */
    record Path(String name, int callers, java.util.function.Function<GemmCase, List<Call>> prepare,
                Runnable afterCase, Runnable close) {}

    /** A path on {@code callers} fresh backends from {@code factory}, operands uploaded through the backend. */
    static Path backend(String name, int callers, Supplier<Backend> factory, java.util.function.Consumer<Backend> reset) {
        List<Backend> backends = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            backends.add(factory.get());
        }
        return new Path(name, callers, c -> {
            List<Call> calls = new ArrayList<>();
            for (int i = 0; i < backends.size(); i++) {
                Backend be = backends.get(i);
                Tensor a = upload(be, c.aRows(), c.aCols(), 1 + i);
                Tensor b = upload(be, c.bRows(), c.bCols(), 11 + i);
                Tensor out = be.allocate(c.m(), c.n());
                calls.add(() -> be.gemm(c.transA(), c.transB(), 1f, a, b, 0f, out));
            }
            return calls;
        }, () -> backends.forEach(reset), () -> backends.forEach(Backend::close));
    }

    /**
     * sgemm of a netlib BLAS called directly. Row-major {@code C = op(A)·op(B)} is column-major
     * {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}: B first with its own flag, m and n swapped.
     */
    static Path blas(String name, int callers, BLAS blas) {
        return new Path(name, callers, c -> {
            List<Call> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                float[] a = GemmCase.random(c.aRows() * c.aCols(), 1 + i);
                float[] b = GemmCase.random(c.bRows() * c.bCols(), 11 + i);
                float[] out = new float[c.m() * c.n()];
                String ta = c.transA() ? "T" : "N";
                String tb = c.transB() ? "T" : "N";
                calls.add(() -> blas.sgemm(tb, ta, c.n(), c.m(), c.k(), 1f, b, c.bCols(), a, c.aCols(), 0f, out,
                        c.n()));
            }
            return calls;
        }, () -> { }, () -> { });
    }

    static Path cpu(String name, int callers, int threads, CpuBackend.GemmPath gemm) {
        return backend(name, callers, () -> new CpuBackend(threads, gemm), be -> { });
    }

    private static Tensor upload(Backend be, int rows, int cols, long seed) {
        Tensor t = be.allocate(rows, cols);
        be.upload(GemmCase.random(rows * cols, seed), 0, t);
        return t;
    }

    /** Times prepared calls: at least one call each, for about {@code nanos}; GFLOP/s summed over callers. */
    static double rate(List<Call> calls, double flops, long nanos, ExecutorService pool) {
        if (calls.size() == 1) {
            return loop(calls.get(0), flops, nanos);
        }
        CyclicBarrier start = new CyclicBarrier(calls.size());
        List<Future<Double>> results = new ArrayList<>();
        for (Call call : calls) {
            Callable<Double> task = () -> {
                start.await();
                return loop(call, flops, nanos);
            };
            results.add(pool.submit(task));
        }
        double sum = 0;
        for (Future<Double> f : results) {
            try {
                sum += f.get();
            } catch (Exception e) {
                throw new IllegalStateException("a concurrent GEMM caller failed: " + e.getMessage(), e);
            }
        }
        return sum;
    }

    private static double loop(Call call, double flops, long nanos) {
        long start = System.nanoTime();
        long calls = 0;
        long now;
        do {
            call.run();
            calls++;
            now = System.nanoTime();
        } while (now - start < nanos);
        return flops * calls / (now - start);
    }

    static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-gemm");
            t.setDaemon(true);
            return t;
        });
    }
}
