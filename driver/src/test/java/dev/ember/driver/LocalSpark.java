// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.config.SparkConfig;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of a test class, built by {@link SparkSessions} exactly as the CLI builds
 * it (Kryo with Ember's registrator), without the web UI. The CLI's own
 * {@code SparkSession.builder().getOrCreate()} then reuses it.
 */
final class LocalSpark {
    private LocalSpark() {}

    static SparkSession start(int cores) {
        return SparkSessions.create(new SparkConfig("local[" + cores + "]", Map.of(
                "spark.ui.enabled", "false",
                "spark.driver.host", "127.0.0.1",
                "spark.sql.shuffle.partitions", "2")), "ember-test");
    }

    static void stop(SparkSession spark) {
        if (spark != null) {
            spark.stop();
        }
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }
}
