// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.config.SparkConfig;
import dev.ember.worker.EmberKryoRegistrator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session of a job. Settings given to {@code spark-submit} win over the config
 * file's {@code spark.master}; the config's {@code spark.conf} entries are applied on top of Ember's
 * defaults, which are only defaults: Kryo with Ember's registrator, {@code spark.locality.wait=0}
 * (after an executor is lost, delay scheduling would otherwise keep every task on the survivors),
 * uncompressed broadcasts (float parameters do not compress, and LZ4 over them cost about 1 ms
 * of a 12 ms step at 235k parameters), one OpenBLAS thread per task and signal chaining for
 * OpenCL drivers on the executors.
 */
public final class SparkSessions {
    private SparkSessions() {}

    public static SparkSession create(SparkConfig config, String appName) {
        return SparkSession.builder().config(conf(config, appName)).getOrCreate();
    }

    /** The session's settings: spark-submit's and the system properties', then Ember's defaults, then the config's. */
    static SparkConf conf(SparkConfig config, String appName) {
        SparkConf conf = new SparkConf(true);
        if (!conf.contains("spark.master")) {
            conf.setMaster(config.master() != null ? config.master() : "local[*]");
        }
        conf.setIfMissing("spark.app.name", appName);
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.setIfMissing("spark.kryo.registrator", EmberKryoRegistrator.class.getName());
        // A task result is a whole gradient: Kryo's default 64 MiB buffer would cap models at 16.7M parameters.
        conf.setIfMissing("spark.kryoserializer.buffer.max", "2000m");
        conf.setIfMissing("spark.locality.wait", "0");
        conf.setIfMissing("spark.broadcast.compress", "false");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
        Path jsig = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
        if (Files.exists(jsig)) {
            conf.setIfMissing("spark.executorEnv.LD_PRELOAD", jsig.toString());
        }
        config.conf().forEach(conf::set);
        return conf;
    }
}
