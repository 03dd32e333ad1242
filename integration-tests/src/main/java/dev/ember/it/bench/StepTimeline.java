// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;

/**
 * Splits a step (one Spark job, found by its job description) into phases from the scheduler's own
 * timestamps (milliseconds): job submitted, each task launched and finished (finished = its result
 * fetched and deserialised on the driver), job ended. Events arrive on Spark's listener bus
 * asynchronously and in order, so once a job's end has been seen all its tasks have been too.
 */
final class StepTimeline extends SparkListener {

    /** A step split into phases, ms: {@code total = submit + schedule + tasks + finish}. */
    record Phases(double total, double submit, double schedule, double tasks, double finish, double taskRun) {}

    private static final class Job {
        final List<Integer> stages = new ArrayList<>();
        long submitted;
        long firstLaunch = Long.MAX_VALUE;
        long lastFinish;
        long maxRunMs;
        volatile boolean ended;
    }

    private final Map<String, Job> byDescription = new ConcurrentHashMap<>();
    private final Map<Integer, Job> byId = new ConcurrentHashMap<>();
    private final Map<Integer, Job> byStage = new ConcurrentHashMap<>();

    @Override
    public void onJobStart(SparkListenerJobStart e) {
        String description = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
        if (description == null) {
            return;
        }
        Job job = new Job();
        job.submitted = e.time();
        scala.collection.Iterator<Object> stages = e.stageIds().iterator();
        while (stages.hasNext()) {
            int stage = (Integer) stages.next();
            job.stages.add(stage);
            byStage.put(stage, job);
        }
        byId.put(e.jobId(), job);
        byDescription.put(description, job);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        Job job = byStage.get(e.stageId());
        if (job == null) {
            return;
        }
        TaskInfo info = e.taskInfo();
        synchronized (job) {
            job.firstLaunch = Math.min(job.firstLaunch, info.launchTime());
            job.lastFinish = Math.max(job.lastFinish, info.finishTime());
            if (e.taskMetrics() != null) {
                job.maxRunMs = Math.max(job.maxRunMs, e.taskMetrics().executorRunTime());
            }
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd e) {
        Job job = byId.remove(e.jobId());
        if (job != null) {
            job.stages.forEach(byStage::remove);
            job.ended = true;
        }
    }

    /**
     * The phases of the job described {@code description}, which the caller ran between wall-clock
     * milliseconds {@code start} and {@code end}. Waits up to 10 s for the listener bus.
     */
    Phases await(String description, long start, long end) {
        long deadline = System.currentTimeMillis() + 10_000;
        Job job;
        while ((job = byDescription.get(description)) == null || !job.ended) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Spark's listener bus did not report the end of job '"
                        + description + "' within 10 s");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Spark's listener bus", e);
            }
        }
        byDescription.remove(description);
        synchronized (job) {
            return new Phases(end - start, job.submitted - start, job.firstLaunch - job.submitted,
                    job.lastFinish - job.firstLaunch, end - job.lastFinish, job.maxRunMs);
        }
    }
}
