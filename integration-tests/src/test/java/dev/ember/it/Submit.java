// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the real {@code org.apache.spark.deploy.SparkSubmit} in its own JVM, in client deploy mode, as
 * {@code spark-submit --master URL --deploy-mode client --class MAIN APP.jar ARGS} would run it.
 *
 * <p>The JVM gets the Spark flags, libjsig and the third-party part of the test classpath (Spark, Hadoop,
 * Scala: what a Spark installation provides), so the application's own classes come only from the app jar.
 *
 * @param master    a {@code spark://} URL
 * @param mainClass the application's main class
 * @param appJar    the application jar (for Ember: examples/target/ember-app.jar)
 * @param appArgs   arguments after the jar
 * @param conf      {@code --conf} settings, in order
 * @param jvmArgs   extra options of the spark-submit JVM (the driver, in client mode)
 */
public record Submit(String master, String mainClass, Path appJar, List<String> appArgs, Map<String, String> conf,
                     List<String> jvmArgs) {

    /**
     * What the run printed and how it ended.
     *
     * @param exitCode the JVM's exit code
     * @param output   stdout and stderr, interleaved
     * @param elapsed  wall-clock time of the run
     */
    public record Result(int exitCode, String output, Duration elapsed) {}

    public Submit {
        appArgs = List.copyOf(appArgs);
        conf = new LinkedHashMap<>(conf);
        jvmArgs = List.copyOf(jvmArgs);
    }

    /** Ember's command line, {@code dev.ember.driver.cli.Main}. */
    public static final String EMBER_MAIN = "dev.ember.driver.cli.Main";

    public static Submit client(String master, String mainClass, Path appJar) {
        return new Submit(master, mainClass, appJar, List.of(), Map.of(), List.of());
    }

    /** Ember's app jar ({@code -Dember.appJar}, set by the integration-tests pom) on {@code master}. */
    public static Submit ember(String master, String... emberArgs) {
        return client(master, EMBER_MAIN, emberAppJar()).withArgs(emberArgs);
    }

    /** examples/target/ember-app.jar, as the build passes it in {@code -Dember.appJar}. */
    public static Path emberAppJar() {
        String configured = System.getProperty("ember.appJar");
        return configured != null ? Path.of(configured)
                : Jvm.emberRoot().resolve("examples/target/ember-app.jar");
    }

    /** The driver settings a cluster recommends, e.g. {@link StandaloneCluster#driverSettings()}. */
    public Submit withConf(Map<String, String> settings) {
        Map<String, String> merged = new LinkedHashMap<>(conf);
        merged.putAll(settings);
        return new Submit(master, mainClass, appJar, appArgs, merged, jvmArgs);
    }

    public Submit withConf(String key, String value) {
        return withConf(Map.of(key, value));
    }

    public Submit withoutConf(String key) {
        Map<String, String> reduced = new LinkedHashMap<>(conf);
        reduced.remove(key);
        return new Submit(master, mainClass, appJar, appArgs, reduced, jvmArgs);
    }

    public Submit withArgs(String... args) {
        return new Submit(master, mainClass, appJar, List.of(args), conf, jvmArgs);
    }

    public Submit withJvmArgs(String... args) {
        return new Submit(master, mainClass, appJar, appArgs, conf, List.of(args));
    }

    /** The spark-submit arguments (what follows {@code SparkSubmit} on the command line). */
    public List<String> submitArguments() {
        List<String> args = new ArrayList<>(List.of("--master", master, "--deploy-mode", "client",
                "--class", mainClass));
        conf.forEach((key, value) -> {
            args.add("--conf");
            args.add(key + "=" + value);
        });
        args.add(appJar.toString());
        args.addAll(appArgs);
        return args;
    }

    /**
     * Runs the submission and waits for it; output goes to {@code log}. If it is still running at
     * {@code deadline} the JVM and its children are killed and an exception carries the output's tail.
     */
    public Result run(Path log, Duration deadline) {
        try (Running running = start(log)) {
            return running.awaitExit(deadline);
        }
    }

    /** Starts the submission in the background; output goes to {@code log}. Close the result to end it. */
    public Running start(Path log) {
        if (!Files.isRegularFile(appJar)) {
            throw new IllegalStateException("the application jar " + appJar + " does not exist: run `mvn package` first");
        }
        List<String> command = Jvm.command("768m", jvmArgs, Jvm.thirdPartyClasspath(),
                "org.apache.spark.deploy.SparkSubmit", submitArguments());
        return new Running(ChildProcess.start("spark-submit " + mainClass, command, Jvm.baseEnvironment(),
                log.getParent(), log), System.nanoTime());
    }

    /** A submission in progress: in client mode its JVM is the driver. {@link #close()} ends it whatever happens. */
    public static final class Running implements AutoCloseable {
        private final ChildProcess process;
        private final long startNanos;

        private Running(ChildProcess process, long startNanos) {
            this.process = process;
            this.startNanos = startNanos;
        }

        /** The pid of the driver JVM. */
        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** What the driver has printed so far. */
        public String output() {
            return process.output();
        }

        /** kill -9 of the driver JVM alone (as a crash would end it), then waits until it is gone. */
        public void killDriver() {
            process.handle().destroyForcibly();
            if (!ChildProcess.awaitGone(process.handle(), Duration.ofSeconds(10))) {
                throw new IllegalStateException("the driver JVM " + pid() + " survived SIGKILL for 10 s");
            }
        }

        /** Waits for the JVM to exit (killing it at {@code deadline}, with an exception) and says how it ended. */
        public Result awaitExit(Duration deadline) {
            int exitCode = process.awaitExit(deadline);
            return new Result(exitCode, process.output(), Duration.ofNanos(System.nanoTime() - startNanos));
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
