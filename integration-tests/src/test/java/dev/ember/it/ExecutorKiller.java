// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A background thread that kill -9s two executor JVMs of a running training: Worker 0's executor as
 * soon as step {@link #FIRST_KILL_STEP} starts, then, once the Master's replacement has registered with
 * the driver and training has gone {@link #STEPS_BETWEEN_KILLS} steps further, Worker 1's executor. Each
 * kill lands just after a step's job started, while its tasks are launching or running.
 */
final class ExecutorKiller {
    static final long FIRST_KILL_STEP = 5;
    static final long STEPS_BETWEEN_KILLS = 8;
    private static final Duration DEADLINE = Duration.ofMinutes(4);

    /** One kill: the executor and the training step whose job had started when it died. */
    record Kill(ExecutorProcess victim, long atStep) {}

    /** What the thread did; {@code error} is null unless it failed. */
    record Report(List<Kill> kills, Throwable error) {}

    private final StandaloneCluster cluster;
    private final String appId;
    private final StepWatcher watcher;
    private final List<Kill> kills = new CopyOnWriteArrayList<>();
    private final Thread thread = new Thread(this::run, "executor-killer");
    private volatile boolean done;
    private volatile Throwable error;

    ExecutorKiller(StandaloneCluster cluster, String appId, StepWatcher watcher) {
        this.cluster = cluster;
        this.appId = appId;
        this.watcher = watcher;
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Tells the thread that training has ended, waits for it, and says what it did. */
    Report finish() throws InterruptedException {
        done = true;
        thread.join(Duration.ofSeconds(30).toMillis());
        return new Report(new ArrayList<>(kills), thread.isAlive()
                ? new IllegalStateException("the killer thread did not stop within 30 s") : error);
    }

    private void run() {
        try {
            if (!StepWatcher.await(() -> watcher.step() >= FIRST_KILL_STEP, () -> done, DEADLINE)) {
                return;
            }
            kill(0);
            long next = kills.get(0).atStep() + STEPS_BETWEEN_KILLS;
            if (!StepWatcher.await(() -> watcher.added() >= 1 && watcher.step() >= next, () -> done, DEADLINE)) {
                return;
            }
            kill(1);
        } catch (Throwable e) {
            error = e;
        }
    }

    private void kill(int worker) {
        ExecutorProcess victim = cluster.executorsOf(appId).stream()
                .filter(e -> e.worker() == worker).findFirst()
                .orElseThrow(() -> new IllegalStateException("worker " + worker + " runs no executor of " + appId
                        + ": " + cluster.executorsOf(appId)));
        long step = watcher.step();
        victim.kill();
        kills.add(new Kill(victim, step));
    }
}
