// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ember.driver.config.SparkConfig;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {

    @Test
    void emberDefaultsApplyUnderTheConfigsOwnSettings() {
        SparkConf conf = SparkSessions.conf(new SparkConfig("local[3]", Map.of()), "ember-test");
        assertEquals("local[3]", conf.get("spark.master"));
        assertEquals("false", conf.get("spark.broadcast.compress"));
        assertEquals("0", conf.get("spark.locality.wait"));
        assertEquals("org.apache.spark.serializer.KryoSerializer", conf.get("spark.serializer"));
    }

    @Test
    void theConfigOverridesEmbersDefaults() {
        SparkConf conf = SparkSessions.conf(new SparkConfig("local[1]",
                Map.of("spark.broadcast.compress", "true", "spark.locality.wait", "3s")), "ember-test");
        assertEquals("true", conf.get("spark.broadcast.compress"));
        assertEquals("3s", conf.get("spark.locality.wait"));
    }
}
