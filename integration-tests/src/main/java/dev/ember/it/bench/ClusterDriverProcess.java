// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A {@link ClusterStepDriver} in a child JVM, seen from the benchmark: the same {@code java}, the
 * Spark flags of {@code deploy/jvm-options.txt}, Ember's console logging, this JVM's classpath.
 * Requests are one line each; every wait has a deadline, and {@link #close()} (also run by a
 * shutdown hook) ends the child, forcibly if it does not quit.
 */
final class ClusterDriverProcess implements AutoCloseable {
    private static final String EOF = "\u0000eof";

    private final String name;
    private final Process process;
    private final Path log;
    private final PrintWriter in;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Thread hook;

    private ClusterDriverProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.hook = new Thread(process::destroyForcibly, "ember-bench-driver-kill");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread reader = new Thread(this::readReplies, "ember-bench-driver-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a driver; its stderr (Spark's log) goes to {@code log}. */
    static ClusterDriverProcess start(String name, Path root, List<String> driverArgs, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1536m");
        command.addAll(jvmFlags(root));
        command.add("-Dlog4j2.configurationFile=" + root.resolve("deploy/log4j2.properties").toUri());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClusterStepDriver.class.getName());
        command.addAll(driverArgs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(log.getParent().toFile())
                .redirectError(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("OPENBLAS_NUM_THREADS", "1");
        try {
            return new ClusterDriverProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + " driver JVM", e);
        }
    }

    /** The Java 17 flags every Spark JVM needs, one per line in deploy/jvm-options.txt. */
    static List<String> jvmFlags(Path root) {
        try {
            return Files.readAllLines(root.resolve("deploy/jvm-options.txt")).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read deploy/jvm-options.txt", e);
        }
    }

    /** Waits for the {@code @@ready} line (session up, executors registered); returns its seconds. */
    double awaitReady(Duration deadline) {
        return Double.parseDouble(await("ready", deadline)[1]);
    }

    /** Sends {@code command} and returns the fields of its reply, which must start with {@code tag}. */
    String[] request(String command, String tag, Duration deadline) {
        in.println(command);
        return await(tag, deadline);
    }

    private String[] await(String tag, Duration deadline) {
        String line;
        try {
            line = replies.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the " + name + " driver", e);
        }
        if (line == null) {
            throw new IllegalStateException("the " + name + " driver did not answer '" + tag + "' within "
                    + deadline.toSeconds() + " s; its log is " + log);
        }
        if (line.equals(EOF)) {
            throw new IllegalStateException("the " + name + " driver exited before answering '" + tag
                    + "'; its log is " + log);
        }
        String[] fields = line.split(" ");
        if (!fields[0].equals(tag)) {
            throw new IllegalStateException("the " + name + " driver answered '" + line + "' instead of '" + tag
                    + "'; its log is " + log);
        }
        return fields;
    }

    private void readReplies() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("@@")) {
                    replies.add(line.substring(2));
                }
            }
        } catch (IOException e) {
            // the pipe closed with the process: reported below as its end
        }
        replies.add(EOF);
    }

    /** Asks the driver to quit (it stops its SparkContext, releasing its executors); kills it after 60 s. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                in.println("quit");
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }
}
