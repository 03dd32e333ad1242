// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import dev.ember.driver.SparkSessions;
import dev.ember.driver.config.SparkConfig;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * What every benchmark shares: {@code --quick}, the machine, the console, and one embedded
 * {@code local[2]} session created as Ember creates its sessions ({@link SparkSessions#create}: Kryo
 * with Ember's registrator, locality wait 0, ...) with a {@link StepTimeline} listening.
 */
final class BenchContext implements AutoCloseable {
    /** Partitions = cores of local[2]: more partitions than cores only adds scheduling on 2 cores. */
    static final int PARTITIONS = 2;

    final boolean quick;
    final Machine machine;
    final PrintStream out;
    private SparkSession spark;
    private StepTimeline timeline;

    BenchContext(boolean quick, Machine machine, PrintStream out) {
        this.quick = quick;
        this.machine = machine;
        this.out = out;
    }

    /**
     * Settings on top of Ember's defaults (which already raise Kryo's output buffer for whole gradients);
     * the UI is off (port clashes on a shared box).
     */
    static Map<String, String> benchConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.sql.shuffle.partitions", Integer.toString(PARTITIONS));
        return conf;
    }

    SparkSession spark() {
        if (spark == null) {
            spark = SparkSessions.create(new SparkConfig("local[" + PARTITIONS + "]", benchConf()), "ember-bench");
            timeline = new StepTimeline();
            spark.sparkContext().addSparkListener(timeline);
        }
        return spark;
    }

    JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(spark().sparkContext());
    }

    StepTimeline timeline() {
        spark();
        return timeline;
    }

    void log(String format, Object... args) {
        out.printf(java.util.Locale.ROOT, "[bench] " + format + "%n", args);
        out.flush();
    }

    /** Stops the local session (the scaling benchmark needs the JVM's only SparkContext). */
    @Override
    public void close() {
        if (spark != null) {
            spark.stop();
            spark = null;
            timeline = null;
        }
    }
}
