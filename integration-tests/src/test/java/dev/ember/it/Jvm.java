// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How to launch a child JVM that can run Spark the way this test JVM does: the same {@code java},
 * the module flags of {@code deploy/jvm-options.txt}, the test classpath and the native environment
 * (libjsig preloaded so native OpenCL/BLAS signal handlers chain with the JVM's).
 */
final class Jvm {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HHmmss-SSS");

    private Jvm() {}

    /** The project root: {@code -Dember.root}, else the nearest ancestor of the working dir with deploy/. */
    static Path emberRoot() {
        String configured = System.getProperty("ember.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/jvm-options.txt"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Ember root (a directory with deploy/jvm-options.txt) above "
                + Path.of("").toAbsolutePath() + "; set -Dember.root");
    }

    /** The Java 17 module flags every Spark JVM needs, one per line in deploy/jvm-options.txt. */
    static List<String> sparkFlags() {
        Path file = emberRoot().resolve("deploy/jvm-options.txt");
        try {
            return Files.readAllLines(file).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JVM flags file " + file, e);
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test JVM's full classpath (Failsafe sets java.class.path to it even with a manifest-only jar). */
    static String testClasspath() {
        return System.getProperty("java.class.path");
    }

    /** The test classpath without this project's own build output (jars and classes under a target/ dir). */
    static String thirdPartyClasspath() {
        return Arrays.stream(testClasspath().split(java.io.File.pathSeparator))
                .filter(entry -> !entry.contains("/target/"))
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    /** Environment for every child: libjsig preloaded, one BLAS thread per task, 127.0.0.1 only. */
    static Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        Path jsig = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
        if (Files.isRegularFile(jsig)) {
            env.put("LD_PRELOAD", jsig.toString());
        }
        env.put("OPENBLAS_NUM_THREADS", "1");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        return env;
    }

    /** {@code java -Xmx<heap> <spark flags> <extra> -cp <classpath> <mainClass> <args>}. */
    static List<String> command(String heap, List<String> extraJvmArgs, String classpath, String mainClass,
                                List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-Xmx" + heap);
        command.addAll(sparkFlags());
        command.addAll(extraJvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** A fresh directory {@code target/<name>-<time>} under the working directory (the module's basedir). */
    static Path freshTargetDir(String name) {
        Path dir = Path.of("target", name + "-" + LocalDateTime.now().format(STAMP)).toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** The environment of a live process, from /proc ({@code NAME=value} entries). */
    static List<String> environmentOf(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            return List.of(new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();   // the process has exited meanwhile
        }
    }

    /** The arguments of a live process, from /proc (ProcessHandle.Info is empty for long command lines). */
    static List<String> commandLineOf(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String joined = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
            return joined.isEmpty() ? List.of() : List.of(joined.split("\0"));
        } catch (IOException e) {
            return List.of();   // the process has exited meanwhile
        }
    }
}
