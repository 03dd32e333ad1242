// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.time.Duration;

/**
 * A background thread that injects one fault into a training run as soon as the job of step
 * {@code step} (or a later one) has started, as the driver's {@link StepWatcher} sees it, so the fault
 * lands while that step's tasks launch or run.
 */
final class StepFault {
    private static final Duration DEADLINE = Duration.ofMinutes(4);

    /**
     * What the thread did.
     *
     * @param atStep the step whose job had started when the fault fired, or -1 if it never fired
     * @param error  what the fault threw, or null
     */
    record Report(long atStep, Throwable error) {
        boolean fired() {
            return atStep >= 0;
        }
    }

    private final StepWatcher watcher;
    private final long step;
    private final Runnable fault;
    private final Thread thread = new Thread(this::run, "step-fault");
    private volatile boolean done;
    private volatile long firedAt = -1;
    private volatile Throwable error;

    StepFault(StepWatcher watcher, long step, Runnable fault) {
        this.watcher = watcher;
        this.step = step;
        this.fault = fault;
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Tells the thread that training has ended, waits for it, and says what it did. */
    Report finish() throws InterruptedException {
        done = true;
        thread.join(Duration.ofSeconds(30).toMillis());
        return new Report(firedAt, thread.isAlive()
                ? new IllegalStateException("the fault thread did not stop within 30 s") : error);
    }

    private void run() {
        try {
            if (StepWatcher.await(() -> watcher.step() >= step, () -> done, DEADLINE)) {
                long at = watcher.step();
                fault.run();
                firedAt = at;
            }
        } catch (Throwable e) {
            error = e;
        }
    }
}
