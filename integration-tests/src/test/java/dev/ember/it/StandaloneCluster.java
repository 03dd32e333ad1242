// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;

/**
 * A real Spark standalone cluster on 127.0.0.1: one Master and N Workers, each a separate JVM started
 * from the test classpath, whose executors are in turn separate JVMs (children of their Worker).
 *
 * <p>SPARK_HOME is an empty directory tree under {@code target/}: the Worker builds the executor's
 * {@code java -cp} command itself from {@code SPARK_HOME/jars/*} plus {@code SPARK_DIST_CLASSPATH}, and
 * the latter is set to the test JVM's classpath, so nothing is copied. {@code SPARK_SCALA_VERSION} must be
 * set, or every executor launch fails and the driver waits forever. Logs and work dirs stay under
 * {@code target/cluster-<time>/} for post-mortems.
 *
 * <p>Use one cluster per test class ({@code @BeforeAll}/{@code @AfterAll}); {@link #close()} always kills
 * every process this fixture started, orphaned executors included.
 */
public final class StandaloneCluster implements AutoCloseable {
    private static final Duration MASTER_DEADLINE = Duration.ofSeconds(60);
    private static final Duration WORKER_DEADLINE = Duration.ofSeconds(90);
    private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://\\S+)");
    private static final String EXECUTOR_MEMORY = "512m";
    /** C1 only: a short-lived JVM needs about half the CPU time to start (5 s instead of 12 s measured). */
    public static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";

    /**
     * What to start.
     *
     * @param workers        number of Worker JVMs
     * @param coresPerWorker cores each Worker offers (an executor takes one)
     * @param workerMemory   memory each Worker offers, at least the executors' 512m
     * @param secret         shared spark.authenticate secret, or null for an open cluster
     * @param quickJit       executors run with the C1 JIT only ({@link #QUICK_JIT}): half the CPU to start
     *                       a JVM, which is most of a test's time on a busy box, but slow hot loops
     *                       (the Vector API in particular); turn off for tests that compute in earnest
     */
    public record Spec(int workers, int coresPerWorker, String workerMemory, String secret, boolean quickJit) {
        public Spec {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, got " + workers);
            }
            if (coresPerWorker < 1) {
                throw new IllegalArgumentException("coresPerWorker must be >= 1, got " + coresPerWorker);
            }
        }

        /** {@code workers} Workers of 1 core and 768m each, no authentication. */
        public static Spec of(int workers) {
            return new Spec(workers, 1, "768m", null, true);
        }

        public Spec withSecret(String newSecret) {
            return new Spec(workers, coresPerWorker, workerMemory, newSecret, quickJit);
        }

        /** Executors with the full tiered JIT (C2), for tests whose tasks do real compute. */
        public Spec withFullJit() {
            return new Spec(workers, coresPerWorker, workerMemory, secret, false);
        }
    }

    private final Spec spec;
    private final Path dir;
    private final Path logConfig;
    private final Path daemonConfig;
    private final List<ChildProcess> workers = new ArrayList<>();
    private final List<ExecutorProcess> orphans = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "standalone-cluster-shutdown");
    private ChildProcess master;
    private String masterUrl;
    private int restarts;

    private StandaloneCluster(Spec spec, Path dir) {
        this.spec = spec;
        this.dir = dir;
        this.logConfig = dir.resolve("log4j2.properties");
        this.daemonConfig = dir.resolve("daemon.conf");
    }

    /** Starts the Master, then the Workers, and returns once every Worker has registered. */
    public static StandaloneCluster start(Spec spec) {
        StandaloneCluster cluster = new StandaloneCluster(spec, Jvm.freshTargetDir("cluster"));
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.prepareFiles();
            cluster.startMaster();
            IntStream.range(0, spec.workers()).forEach(i -> cluster.workers.add(cluster.launchWorker(i)));
            cluster.workers.forEach(w -> w.awaitLogLine("Successfully registered with master", WORKER_DEADLINE));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String masterUrl() {
        return masterUrl;
    }

    public Spec spec() {
        return spec;
    }

    /** Where logs ({@code master.log}, {@code worker-<i>.log}) and executor work dirs are kept. */
    public Path dir() {
        return dir;
    }

    public ProcessHandle worker(int index) {
        return workers.get(index).handle();
    }

    public Path workerLog(int index) {
        return workers.get(index).log();
    }

    /** The executor JVMs that Worker {@code index} is running now (its direct java children). */
    public List<ExecutorProcess> executors(int index) {
        return workers.get(index).handle().children()
                .map(child -> ExecutorProcess.parse(child.pid(), Jvm.commandLineOf(child.pid()), index))
                .flatMap(java.util.Optional::stream)
                .collect(Collectors.toList());
    }

    /** The executor JVMs of every live Worker. */
    public List<ExecutorProcess> executors() {
        return IntStream.range(0, workers.size())
                .filter(i -> workers.get(i).isAlive())
                .boxed()
                .flatMap(i -> executors(i).stream())
                .collect(Collectors.toList());
    }

    /** The executor JVMs of application {@code appId} on every live Worker. */
    public List<ExecutorProcess> executorsOf(String appId) {
        return executors().stream().filter(e -> e.appId().equals(appId)).collect(Collectors.toList());
    }

    /** kill -9 of Worker {@code index} alone; its executors are left to notice (fixture reaps them at close). */
    public void killWorker(int index) {
        ChildProcess worker = workers.get(index);
        orphans.addAll(executors(index));
        worker.handle().destroyForcibly();
        if (!ChildProcess.awaitGone(worker.handle(), Duration.ofSeconds(10))) {
            throw new IllegalStateException("worker " + index + " (pid " + worker.pid() + ") survived SIGKILL for 10 s");
        }
    }

    /**
     * Loses Worker {@code index} as a machine is lost: kill -9 of the Worker JVM and of every executor JVM
     * it runs, at once, without waiting for either to notice. Returns the executors killed.
     */
    public List<ExecutorProcess> killWorkerAndExecutors(int index) {
        ChildProcess worker = workers.get(index);
        List<ExecutorProcess> executors = executors(index);
        worker.handle().destroyForcibly();
        executors.forEach(e -> ProcessHandle.of(e.pid()).ifPresent(ProcessHandle::destroyForcibly));
        if (!ChildProcess.awaitGone(worker.handle(), Duration.ofSeconds(10))) {
            throw new IllegalStateException("worker " + index + " (pid " + worker.pid() + ") survived SIGKILL");
        }
        for (ExecutorProcess executor : executors) {
            if (!executor.awaitExit(Duration.ofSeconds(10))) {
                throw new IllegalStateException("executor " + executor + " survived SIGKILL for 10 s");
            }
        }
        return executors;
    }

    /** Starts a fresh Worker JVM in slot {@code index} (after a kill) and waits until it has registered. */
    public void restartWorker(int index) {
        ChildProcess old = workers.get(index);
        if (old.isAlive()) {
            throw new IllegalStateException("worker " + index + " (pid " + old.pid() + ") is still running");
        }
        restarts++;
        ChildProcess fresh = launchWorker(index);
        workers.set(index, fresh);
        fresh.awaitLogLine("Successfully registered with master", WORKER_DEADLINE);
    }

    /** Settings for a driver of this cluster (in the test JVM or through spark-submit). */
    public Map<String, String> driverSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.driver.host", "127.0.0.1");
        settings.put("spark.driver.bindAddress", "127.0.0.1");
        settings.put("spark.ui.enabled", "false");
        settings.put("spark.executor.memory", EXECUTOR_MEMORY);
        settings.put("spark.executor.cores", "1");
        settings.put("spark.cores.max", Integer.toString(spec.workers() * spec.coresPerWorker()));
        // Without this, tasks stay on the executor that holds the cached blocks after a loss (see notes).
        settings.put("spark.locality.wait", "0");
        settings.put("spark.sql.shuffle.partitions", "4");
        // Scratch space (shuffle, spills, fetched jars) under target/, not /tmp, even after a kill -9.
        settings.put("spark.local.dir", dir.resolve("local/driver").toString());
        String logging = "-Dlog4j2.configurationFile=" + logConfig.toUri();
        settings.put("spark.executor.extraJavaOptions", spec.quickJit() ? QUICK_JIT + " " + logging : logging);
        if (spec.secret() != null) {
            settings.put("spark.authenticate", "true");
            settings.put("spark.authenticate.secret", spec.secret());
        }
        return settings;
    }

    /** A SparkConf for a driver in the test JVM: {@link #driverSettings()} plus master and app name. */
    public SparkConf driverConf(String appName) {
        SparkConf conf = new SparkConf().setMaster(masterUrl).setAppName(appName);
        driverSettings().forEach(conf::set);
        return conf;
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing left to undo
        }
    }

    private synchronized void stopAll() {
        // Workers first: on SIGTERM a Worker kills its executors; stragglers get SIGKILL.
        workers.forEach(ChildProcess::close);
        orphans.stream().filter(ExecutorProcess::isAlive).forEach(ExecutorProcess::kill);
        if (master != null) {
            master.close();
        }
    }

    private void prepareFiles() {
        try {
            Files.createDirectories(dir.resolve("spark-home/jars"));
            Files.createDirectories(dir.resolve("work"));
            Files.writeString(logConfig, String.join("\n",
                    "rootLogger.level = info",
                    "rootLogger.appenderRef.stderr.ref = console",
                    "appender.console.type = Console",
                    "appender.console.name = console",
                    "appender.console.target = SYSTEM_ERR",
                    "appender.console.layout.type = PatternLayout",
                    "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex",
                    ""));
            List<String> daemon = new ArrayList<>(List.of("spark.master.rest.enabled false"));
            if (spec.secret() != null) {
                daemon.add("spark.authenticate true");
                daemon.add("spark.authenticate.secret " + spec.secret());
            }
            Files.write(daemonConfig, daemon);
            Files.setPosixFilePermissions(daemonConfig, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the cluster directory " + dir, e);
        }
    }

    private void startMaster() {
        List<String> args = List.of("--host", "127.0.0.1", "--port", Integer.toString(freePort()),
                "--webui-port", "0", "--properties-file", daemonConfig.toString());
        master = ChildProcess.start("master", daemonCommand("org.apache.spark.deploy.master.Master", args),
                daemonEnvironment(), dir, dir.resolve("master.log"));
        master.awaitLogLine("I have been elected leader", MASTER_DEADLINE);
        Matcher url = MASTER_URL.matcher(master.output());
        if (!url.find()) {
            throw new IllegalStateException("the master log " + master.log() + " does not say its URL");
        }
        masterUrl = url.group(1);
    }

    private ChildProcess launchWorker(int index) {
        String name = restarts == 0 ? "worker-" + index : "worker-" + index + "-restart-" + restarts;
        List<String> args = List.of("--host", "127.0.0.1", "--cores", Integer.toString(spec.coresPerWorker()),
                "--memory", spec.workerMemory(), "--webui-port", "0",
                "--work-dir", dir.resolve("work/" + name).toString(),
                "--properties-file", daemonConfig.toString(), masterUrl);
        return ChildProcess.start(name, daemonCommand("org.apache.spark.deploy.worker.Worker", args),
                daemonEnvironment(), dir, dir.resolve(name + ".log"));
    }

    private List<String> daemonCommand(String mainClass, List<String> args) {
        // C1 only and one GC thread: the daemons do little work, and JIT threads slow a busy 2-core box.
        List<String> jvmArgs = List.of(QUICK_JIT, "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + logConfig.toUri());
        return Jvm.command("256m", jvmArgs,
                Jvm.testClasspath(), mainClass, args);
    }

    private Map<String, String> daemonEnvironment() {
        Map<String, String> env = Jvm.baseEnvironment();
        env.put("SPARK_HOME", dir.resolve("spark-home").toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_DIRS", dir.resolve("local").toString());
        env.put("SPARK_DIST_CLASSPATH", Jvm.testClasspath());
        return env;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
