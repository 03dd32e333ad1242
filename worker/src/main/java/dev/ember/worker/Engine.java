// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import dev.ember.kernels.Backends;
import dev.ember.tensor.Backend;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.logging.Logger;

/**
 * One per executor JVM: caches backends, compiled kernels and device workspaces across tasks and
 * steps, and each cached block's epoch order.
 *
 * <p>A task {@link #acquire}s a {@link Worker} (a {@link Network} on its own backend) and returns it
 * with {@link Worker#close}; concurrent tasks in one executor get different workers, so they never
 * share a workspace. Workers are kept per network description and size and reused by later tasks,
 * which is what makes kernel compilation and device allocation a once-per-JVM cost.
 */
public final class Engine {
    /**
     * Rows per kernel call when the config leaves it to Ember ({@code training.micro_batch: auto},
     * Spark ML fits, scoring): on Fashion-MNIST 784-256-128-10, 128, 256 or 1024 took as much CPU
     * per row or more.
     */
    public static final int DEFAULT_MICRO_BATCH = 512;
    private static final Logger LOG = Logger.getLogger(Engine.class.getName());
    private static final Engine INSTANCE = new Engine();

    private final Map<String, Deque<Worker>> idle = new HashMap<>();
    private final Map<Block, CachedOrder> orders = new WeakHashMap<>();
    private final Map<String, NetworkSpec> specs = new HashMap<>();
    /** The JSON each parsed spec came from: the worker pool's key, without serialising per task. */
    private final Map<NetworkSpec, String> jsonOf = new IdentityHashMap<>();
    private boolean announced;

    private Engine() {}

    public static Engine get() {
        return INSTANCE;
    }

    /** The network described by {@code json}, parsed once per JVM (tasks ship the JSON, not objects). */
    public synchronized NetworkSpec spec(String json) {
        NetworkSpec spec = specs.computeIfAbsent(json, NetworkSpec::fromJson);
        jsonOf.putIfAbsent(spec, json);
        return spec;
    }

    /**
     * The one way a task obtains its network: the executor's cached network for the spec in
     * {@code specJson} (parsed once per JVM), on the configured backend, with room for
     * {@code maxRows} rows. Load parameters with {@link Worker#load}; close to return it.
     */
    public Worker acquire(String specJson, ComputeSettings compute, int maxRows) {
        return acquire(spec(specJson), compute, maxRows);
    }

    /** A network for {@code spec} on the configured backend, with room for {@code maxRows} rows. */
    public Worker acquire(NetworkSpec spec, ComputeSettings compute, int maxRows) {
        String json;
        synchronized (this) {
            json = jsonOf.get(spec);
        }
        if (json == null) {
            json = spec.toJson();
        }
        String key = json + "|" + compute + "|" + maxRows;
        synchronized (this) {
            Deque<Worker> pool = idle.get(key);
            if (pool != null && !pool.isEmpty()) {
                return pool.pop();
            }
        }
        Backend backend = Backends.create(compute.backend(), compute.device(), threadsFor(compute),
                new StepProbe(spec, json, maxRows));
        synchronized (this) {
            if (!announced) {
                announced = true;
                LOG.info("Ember executor compute: backend " + backend.name() + " on " + backend.device());
            }
        }
        return new Worker(this, key, new Network(spec, backend, maxRows), backend);
    }

    private static int threadsFor(ComputeSettings compute) {
        if (compute.threads() > 0) {
            return compute.threads();
        }
        org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
        return tc == null ? 1 : Math.max(1, tc.cpus());
    }

    private synchronized void release(Worker worker) {
        idle.computeIfAbsent(worker.key, k -> new ArrayDeque<>()).push(worker);
    }

    /** The rows of {@code block} ordered for {@code epoch}, computed once per block and epoch. */
    public EpochOrder order(Block block, long seed, long epoch, long totalRows) {
        synchronized (orders) {
            CachedOrder cached = orders.get(block);
            if (cached != null && cached.seed == seed && cached.epoch == epoch && cached.totalRows == totalRows) {
                return cached.order;
            }
        }
        EpochOrder order = EpochOrder.of(block, seed, epoch, totalRows);
        synchronized (orders) {
            orders.put(block, new CachedOrder(seed, epoch, totalRows, order));
        }
        return order;
    }

    private record CachedOrder(long seed, long epoch, long totalRows, EpochOrder order) {}

    /** A network lent to one task at a time, with the version of the parameters it holds. */
    public static final class Worker implements AutoCloseable {
        private final Engine engine;
        private final String key;
        private final Network network;
        private final Backend backend;
        private String loadedRun;
        private long loadedVersion = -1;
        private Batch buffer;

        Worker(Engine engine, String key, Network network, Backend backend) {
            this.engine = engine;
            this.key = key;
            this.network = network;
            this.backend = backend;
        }

        public Network network() {
            return network;
        }

        public Backend backend() {
            return backend;
        }

        /** A reusable host micro-batch buffer with this layout (reallocated only when the layout changes). */
        public Batch buffer(int numericWidth, int categoricalWidth, int labelWidth) {
            int rows = network.maxRows();
            if (buffer == null || buffer.features().length != rows * numericWidth
                    || buffer.categories().length != rows * categoricalWidth
                    || buffer.labels().length != rows * labelWidth) {
                buffer = Batch.allocate(rows, numericWidth, categoricalWidth, labelWidth);
            }
            return buffer;
        }

        /**
         * Uploads {@code params} unless this worker already holds version {@code version} of run
         * {@code runId}; a negative version always uploads. Returns this worker.
         */
        public Worker load(String runId, long version, float[] params) {
            if (version >= 0 && version == loadedVersion && Objects.equals(runId, loadedRun)) {
                return this;
            }
            network.loadParams(params);
            loadedRun = runId;
            loadedVersion = version;
            return this;
        }

        /** "backend NAME on DEVICE": what this worker computes on, for logs and metrics. */
        public String describe() {
            return "backend " + backend.name() + " on " + backend.device();
        }

        @Override
        public void close() {
            engine.release(this);
        }
    }
}
