// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import java.util.Map;

/**
 * The {@code spark} section. {@code master} null means "the master spark-submit gave, else local[*]",
 * so a config written for a laptop still runs unchanged under spark-submit on a cluster.
 * {@code conf} holds {@code spark.*} settings applied to the session builder.
 */
public record SparkConfig(String master, Map<String, String> conf) {
    public SparkConfig {
        conf = Map.copyOf(conf);
        for (String key : conf.keySet()) {
            if (!key.startsWith("spark.")) {
                throw new ConfigException("spark.conf." + key + " is not a Spark setting: keys must start with 'spark.'");
            }
        }
    }

    public static SparkConfig defaults() {
        return new SparkConfig(null, Map.of());
    }
}
