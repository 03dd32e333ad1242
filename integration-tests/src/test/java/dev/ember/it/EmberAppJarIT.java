// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shaded application jar (examples/target/ember-app.jar) is what spark-submit needs: Ember's classes
 * and its own dependencies, none of the classes a Spark installation provides, no stale signatures, and a
 * main class that the real SparkSubmit runs with Ember's exit codes.
 */
@Tag("cluster")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EmberAppJarIT {

    @Test
    void jarHoldsEmberAndItsDependenciesButNotSparkScalaOrHadoop() throws IOException {
        Path jar = Submit.emberAppJar();
        assertTrue(Files.isRegularFile(jar), jar + " is built by `mvn package` in examples/");
        try (JarFile file = new JarFile(jar.toFile())) {
            assertEquals(Submit.EMBER_MAIN, file.getManifest().getMainAttributes().getValue("Main-Class"));
            List<String> names = file.stream().map(e -> e.getName()).collect(Collectors.toList());
            assertTrue(names.contains("com/aparapi/Kernel.class"), "Aparapi is inside");
            assertTrue(names.contains("com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class"), "YAML is inside");
            List<String> provided = names.stream().filter(n -> n.startsWith("org/apache/spark/")
                    || n.startsWith("scala/") || n.startsWith("org/apache/hadoop/")
                    || n.startsWith("com/fasterxml/jackson/databind/")).collect(Collectors.toList());
            assertEquals(List.of(), provided, "classes a Spark installation provides must stay out");
            List<String> signatures = names.stream().filter(n -> n.startsWith("META-INF/")
                    && (n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA"))).collect(Collectors.toList());
            assertEquals(List.of(), signatures, "signature files of merged jars make the JVM reject the jar");
        }
    }

    @Test
    void sparkSubmitRunsEmberMainAndReportsAMissingConfigAsBadInput() throws IOException {
        Path jar = Submit.emberAppJar();
        assumeTrue(containsMainClass(jar), "ember-app.jar has no " + Submit.EMBER_MAIN + " yet (driver not built)");
        Path dir = Jvm.freshTargetDir("ember-app");
        Path missing = dir.resolve("no-such-job.yaml");

        Submit.Result result = Submit.ember("local[1]", "train", missing.toString())
                .withConf("spark.ui.enabled", "false")
                .withJvmArgs(StandaloneCluster.QUICK_JIT)
                .run(dir.resolve("submit.log"), Duration.ofSeconds(180));

        assertEquals(2, result.exitCode(), "exit code 2 (bad input): " + result.output());
        assertTrue(result.output().contains("no-such-job.yaml"), "the error names the file: " + result.output());
    }

    private static boolean containsMainClass(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(Submit.EMBER_MAIN.replace('.', '/') + ".class") != null;
        }
    }
}
