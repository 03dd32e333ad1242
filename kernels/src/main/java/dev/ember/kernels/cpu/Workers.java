// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed set of threads for one backend: {@code threads − 1} daemon workers plus the calling
 * thread, which always runs part 0. Owned by one {@link CpuBackend}; a backend is used by one
 * thread at a time, so parts never queue behind another caller's.
 */
final class Workers implements AutoCloseable {
    private final int threads;
    private final ExecutorService pool;

    Workers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("CpuBackend threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, runnable -> {
            Thread t = new Thread(runnable, "ember-cpu-worker");
            t.setDaemon(true);
            return t;
        });
    }

    int threads() {
        return threads;
    }

    /** Runs {@code task.accept(part)} for every part in {@code [0, parts)}, {@code parts ≤ threads}. */
    void run(int parts, IntConsumer task) {
        if (parts <= 1) {
            task.accept(0);
            return;
        }
        List<Future<?>> pending = new ArrayList<>(parts - 1);
        for (int part = 1; part < parts; part++) {
            int p = part;
            pending.add(pool.submit(() -> task.accept(p)));
        }
        task.accept(0);
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a CPU worker", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a CPU worker failed: " + e.getCause(), e.getCause());
            }
        }
    }

    /** A unit of work that knows which part (hence which per-thread buffers) runs it. */
    @FunctionalInterface
    interface ChunkTask {
        void run(int part, int chunk);
    }

    /**
     * Runs {@code task} for every chunk in {@code [0, chunks)} on {@code parts} threads, each taking
     * the next unclaimed chunk. With more chunks than parts, a thread that the OS deschedules (the
     * machine is shared) holds up only its current chunk: the others take the rest.
     */
    void forEachChunk(int parts, int chunks, ChunkTask task) {
        AtomicInteger next = new AtomicInteger();
        run(Math.min(parts, chunks), part -> {
            for (int chunk = next.getAndIncrement(); chunk < chunks; chunk = next.getAndIncrement()) {
                task.run(part, chunk);
            }
        });
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
