// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.it.probe.ProbeApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster started with {@code spark.authenticate=true} and a shared secret serves only drivers that
 * know the secret. A refused driver gives up after Spark's fixed registration retries (3 x 20 s), so the
 * refused submission runs in the background while the accepted driver runs its job.
 */
@Tag("cluster")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AuthenticatedClusterIT {
    private static final Duration REFUSAL_DEADLINE = Duration.ofSeconds(180);

    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = StandaloneCluster.start(StandaloneCluster.Spec.of(1).withSecret("it-" + System.nanoTime()));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void refusesADriverWithoutTheSecretAndServesOneWithIt() throws Exception {
        Path jar = TestJars.jarOfPackage(ProbeApp.class, cluster.dir().resolve("probe-app.jar"));
        Submit withoutSecret = Submit.client(cluster.masterUrl(), ProbeApp.class.getName(), jar)
                .withConf(cluster.driverSettings())
                .withJvmArgs(StandaloneCluster.QUICK_JIT)
                .withoutConf("spark.authenticate")
                .withoutConf("spark.authenticate.secret")
                .withArgs("100", "0");
        CompletableFuture<Submit.Result> refused = CompletableFuture.supplyAsync(
                () -> withoutSecret.run(cluster.dir().resolve("submit-without-secret.log"), REFUSAL_DEADLINE));

        SparkSession spark = Drivers.session(cluster.driverConf("with-secret"));
        try {
            Drivers.awaitExecutors(spark.sparkContext(), 1, Duration.ofSeconds(90));
            IterativeJob job = new IterativeJob(500, 16, 2, 3, 0);
            assertArrayEquals(job.runLocally(), job.runOn(Drivers.context(spark), t -> { }).weights(),
                    "the driver with the secret gets executors and a correct result");
        } finally {
            Drivers.stop(spark);
        }

        Submit.Result result = refused.get(REFUSAL_DEADLINE.toSeconds() + 10, TimeUnit.SECONDS);
        System.out.println("refused driver ended after " + result.elapsed().toMillis() + " ms with exit code "
                + result.exitCode());
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("Expected SaslMessage"), "the Master says why: " + result.output());
        assertTrue(result.output().contains("All masters are unresponsive"), result.output());
    }
}
