// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.it.probe.ProbeApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real 2-Worker standalone cluster: spark-submit runs an application jar in client mode, executors are
 * separate JVMs, and jobs survive kill -9 of an executor or of a whole Worker with an exact result.
 *
 * <p>One driver in the test JVM serves the in-JVM tests (an app start costs 15-40 s on a busy 2-core box);
 * each test first waits until it has its two executors again. The spark-submit test runs first because the
 * shared driver, once started, holds every core of the cluster.
 */
@Tag("cluster")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    private static final Duration EXECUTORS_DEADLINE = Duration.ofSeconds(90);
    private static final int KILL_AT = 4;
    private static final long KILL_DELAY_MS = 150;

    private static StandaloneCluster cluster;
    private static SparkSession spark;

    @BeforeAll
    static void startCluster() {
        cluster = StandaloneCluster.start(StandaloneCluster.Spec.of(2));
    }

    @AfterAll
    static void stopCluster() {
        try {
            Drivers.stop(spark);
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** The shared driver, started on first use, once it has an executor on each Worker. */
    private static JavaSparkContext driver() {
        if (spark == null) {
            spark = Drivers.session(cluster.driverConf("standalone-cluster-it"));
        }
        Drivers.awaitExecutors(spark.sparkContext(), 2, EXECUTORS_DEADLINE);
        return Drivers.context(spark);
    }

    @Test
    @Order(1)
    void sparkSubmitRunsAnAppJarInClientModeAndPassesItsExitCode() {
        Path jar = TestJars.jarOfPackage(ProbeApp.class, cluster.dir().resolve("probe-app.jar"));
        long n = 1000;
        long expectedSum = n * (n + 1) * (2 * n + 1) / 6;

        Submit.Result result = Submit.client(cluster.masterUrl(), ProbeApp.class.getName(), jar)
                .withConf(cluster.driverSettings())
                .withJvmArgs(StandaloneCluster.QUICK_JIT)
                .withArgs(Long.toString(n), "3")
                .run(cluster.dir().resolve("submit-probe.log"), Duration.ofSeconds(240));

        assertEquals(3, result.exitCode(), result.output());
        assertTrue(result.output().contains("probe: sum=" + expectedSum + " "), result.output());
        assertTrue(result.output().contains("Connecting to master " + cluster.masterUrl()), result.output());
        System.out.println("spark-submit took " + result.elapsed().toMillis() + " ms");
    }

    @Test
    @Order(2)
    void tasksRunInExecutorJvmsThatAreChildrenOfTheWorkers() {
        JavaSparkContext sc = driver();
        String appId = sc.sc().applicationId();
        IterativeJob job = new IterativeJob(2000, 32, 4, 5, 0);
        assertArrayEquals(job.runLocally(), job.runOn(sc, t -> { }).weights());

        Set<Long> taskPids = Drivers.taskPids(sc, 8, 300);
        Set<Long> executorPids = cluster.executorsOf(appId).stream()
                .map(ExecutorProcess::pid).collect(Collectors.toSet());
        assertEquals(executorPids, taskPids, "tasks ran in exactly the executor JVMs of the two Workers");
        assertFalse(taskPids.contains(ProcessHandle.current().pid()), "no task ran in the driver JVM");
        for (int w = 0; w < 2; w++) {
            List<ExecutorProcess> ofWorker = cluster.executors(w).stream()
                    .filter(e -> e.appId().equals(appId)).collect(Collectors.toList());
            assertEquals(1, ofWorker.size(), "executors of worker " + w + ": " + ofWorker);
            long parent = ProcessHandle.of(ofWorker.get(0).pid()).flatMap(ProcessHandle::parent)
                    .map(ProcessHandle::pid).orElse(-1L);
            assertEquals(cluster.worker(w).pid(), parent, "the executor's parent is its Worker");
            assertTrue(Jvm.environmentOf(ofWorker.get(0).pid()).stream().anyMatch(e -> e.startsWith("LD_PRELOAD=")
                    && e.endsWith("/libjsig.so")), "the executor runs with libjsig preloaded");
        }
    }

    @Test
    @Order(3)
    void jobSurvivesKillOfOneExecutorWithTheSameResult() throws Exception {
        JavaSparkContext sc = driver();
        Drivers.ExecutorEvents events = new Drivers.ExecutorEvents();
        sc.sc().addSparkListener(events);
        ExecutorProcess victim = cluster.executorsOf(sc.sc().applicationId()).stream()
                .filter(e -> e.worker() == 0).findFirst().orElseThrow();
        IterativeJob job = new IterativeJob(2000, 32, 4, 16, 300);

        IterativeJob.Run run = runKillingAt(sc, job, victim::kill);

        assertArrayEquals(job.runLocally(), run.weights(), "the faulted run equals the local reference");
        assertFalse(victim.isAlive(), "the killed executor is gone");
        assertTrue(events.removed() >= 1, "the driver saw the executor go");
        System.out.println("kill-executor iteration times: " + run.iterationTimes());
    }

    @Test
    @Order(4)
    void jobSurvivesKillOfAWholeWorkerAndFinishesOnTheOther() throws Exception {
        JavaSparkContext sc = driver();
        String appId = sc.sc().applicationId();
        List<ExecutorProcess> orphaned = cluster.executors(1);
        IterativeJob job = new IterativeJob(2000, 32, 4, 12, 300);
        try {
            IterativeJob.Run run = runKillingAt(sc, job, () -> cluster.killWorker(1));

            assertArrayEquals(job.runLocally(), run.weights(), "the run that lost a Worker equals the reference");
            for (ExecutorProcess executor : orphaned) {
                assertTrue(executor.awaitExit(Duration.ofSeconds(20)),
                        "the dead Worker's executor " + executor.pid() + " exits on its own");
            }
            List<ExecutorProcess> left = cluster.executorsOf(appId);
            assertEquals(1, left.size(), "executors left: " + left);
            assertEquals(0, left.get(0).worker(), "the surviving Worker runs the app's only executor");
            System.out.println("kill-worker iteration times: " + run.iterationTimes());
        } finally {
            if (!cluster.worker(1).isAlive()) {
                cluster.restartWorker(1);
            }
        }
        // The Master gives the running app an executor on the restarted Worker.
        assertArrayEquals(job.runLocally(), job.runOn(driver(), t -> { }).weights());
    }

    /** Runs {@code job}, firing {@code fault} shortly after iteration KILL_AT's tasks start. */
    private static IterativeJob.Run runKillingAt(JavaSparkContext sc, IterativeJob job, Runnable fault)
            throws Exception {
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicReference<ScheduledFuture<?>> kill = new AtomicReference<>();
            IterativeJob.Run run = job.runOn(sc, t -> {
                if (t == KILL_AT) {
                    kill.set(killer.schedule(fault, KILL_DELAY_MS, TimeUnit.MILLISECONDS));
                }
            });
            kill.get().get(10, TimeUnit.SECONDS);
            return run;
        } finally {
            killer.shutdownNow();
        }
    }
}
