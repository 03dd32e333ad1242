// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Follows an Ember training run from the driver's listener bus: the latest training step whose job has
 * started (from the job description Ember gives every step, "Ember epoch e/E step s/S", counted from the
 * run's backend-start job on: the data-preparation jobs of a second run in the same session still carry
 * the first run's last step description), how many executors came and went, and how many task attempts
 * failed since it was added.
 */
final class StepWatcher extends SparkListener {
    private static final Pattern STEP = Pattern.compile("^Ember epoch \\d+/\\d+ step (\\d+)/\\d+$");
    /** The job right before a run's first step; a job description stays set on the thread until the next. */
    private static final String RUN_START = "Ember: start the compute backend on every executor";

    private final AtomicLong step = new AtomicLong();
    private volatile boolean armed;
    private final List<Long> addedAtStep = new CopyOnWriteArrayList<>();
    private final AtomicInteger added = new AtomicInteger();
    private final AtomicInteger removed = new AtomicInteger();
    private final AtomicInteger failedTasks = new AtomicInteger();

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        String description = event.properties() == null ? null
                : event.properties().getProperty("spark.job.description");
        if (RUN_START.equals(description)) {
            armed = true;
            step.set(0);
        } else if (armed && description != null) {
            Matcher m = STEP.matcher(description);
            if (m.matches()) {
                step.accumulateAndGet(Long.parseLong(m.group(1)), Math::max);
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        if (!(event.reason() instanceof Success$)) {
            failedTasks.incrementAndGet();
        }
    }

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded event) {
        addedAtStep.add(step.get());
        added.incrementAndGet();
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
        removed.incrementAndGet();
    }

    /** The 1-based number of the latest step whose job has started; 0 before the first. */
    long step() {
        return step.get();
    }

    int added() {
        return added.get();
    }

    /** The step of each executor arrival, in order. */
    List<Long> addedAtSteps() {
        return List.copyOf(addedAtStep);
    }

    /** Task attempts that ended other than successfully (an executor lost under them, for one). */
    int failedTasks() {
        return failedTasks.get();
    }

    int removed() {
        return removed.get();
    }

    /**
     * Polls until {@code condition} holds (true) or {@code giveUp} does (false); throws after
     * {@code deadline}, because a stuck run must fail rather than hang.
     */
    static boolean await(BooleanSupplier condition, BooleanSupplier giveUp, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (giveUp.getAsBoolean()) {
                return false;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("a condition on the training run did not hold within "
                        + deadline.toSeconds() + " s");
            }
            ChildProcess.sleep(Duration.ofMillis(20));
        }
        return true;
    }
}
