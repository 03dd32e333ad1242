// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The local standalone cluster of {@code deploy/cluster}, started and stopped with the project's own
 * {@code start-cluster.sh N} and {@code stop-cluster.sh}, as a user starts it: a Master and N Workers
 * of 1 core each, separate JVMs on 127.0.0.1, with the scripts' defaults (authentication and RPC
 * encryption with a generated secret). Free ports are chosen so other clusters on the box do not
 * clash. {@link #close()} and a shutdown hook both run the stop script, so the JVMs go away whatever
 * happens to the benchmark.
 */
final class ClusterScripts implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofMinutes(8);
    private static final Duration STOP_DEADLINE = Duration.ofMinutes(2);

    private final Path root;
    private final Path runDir;
    private final Thread hook = new Thread(this::stop, "ember-bench-cluster-stop");
    private boolean stopped;

    private ClusterScripts(Path root, Path runDir) {
        this.root = root;
        this.runDir = runDir;
    }

    /**
     * Runs {@code start-cluster.sh workers} with its run dir at {@code runDir} (kept between runs: it
     * caches the Spark classpath Maven resolves; old executor work dirs and logs are removed first).
     */
    static ClusterScripts start(Path root, Path runDir, int workers) {
        deleteTree(runDir.resolve("work"));
        deleteTree(runDir.resolve("logs"));
        ClusterScripts cluster = new ClusterScripts(root, runDir);
        Runtime.getRuntime().addShutdownHook(cluster.hook);
        try {
            int masterPort = freePorts(1);
            int uiPort = freePorts(1 + workers);
            cluster.run("start-cluster.sh", List.of(Integer.toString(workers)), Map.of(
                    "EMBER_MASTER_PORT", Integer.toString(masterPort),
                    "EMBER_MASTER_UI_PORT", Integer.toString(uiPort),
                    "EMBER_WORKER_CORES", "1",
                    "EMBER_WORKER_MEMORY", "1g"), START_DEADLINE);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    Path runDir() {
        return runDir;
    }

    /** The {@code spark://} URL the start script wrote. */
    String masterUrl() {
        return read(runDir.resolve("master.url")).strip();
    }

    /** The cluster's shared secret file (the submit script finds it by itself; a driver needs it). */
    Path secretFile() {
        return runDir.resolve("secret");
    }

    /** The Spark runtime classpath the start script resolved with Maven. */
    String sparkClasspath() {
        return read(runDir.resolve("spark.classpath")).strip();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to undo
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (Files.exists(runDir)) {
            run("stop-cluster.sh", List.of(), Map.of(), STOP_DEADLINE);
        }
    }

    private void run(String script, List<String> args, Map<String, String> env, Duration deadline) {
        Path out = runDir.resolve(script.replace(".sh", ".out"));
        List<String> command = new java.util.ArrayList<>(List.of("bash",
                root.resolve("deploy/cluster").resolve(script).toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("EMBER_CLUSTER_DIR", runDir.toString());
        try {
            Files.createDirectories(runDir);
            builder.redirectOutput(out.toFile());
            Process process = builder.start();
            if (!process.waitFor(deadline.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("deploy/cluster/" + script + " did not finish within "
                        + deadline.toSeconds() + " s; its output is in " + out);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("deploy/cluster/" + script + " exited with code "
                        + process.exitValue() + ": " + tail(out));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run deploy/cluster/" + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running deploy/cluster/" + script, e);
        }
    }

    /** The first of {@code count} consecutive free ports on 127.0.0.1 (the UI ports are consecutive). */
    static int freePorts(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                first = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on 127.0.0.1", e);
            }
            if (first + count <= 65535 && allFree(first, count)) {
                return first;
            }
        }
        throw new IllegalStateException("found no " + count + " consecutive free ports on 127.0.0.1 in 50 tries");
    }

    private static boolean allFree(int first, int count) {
        for (int p = first; p < first + count; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (written by deploy/cluster/start-cluster.sh)", e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
