// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.config.ConfigException;
import java.util.Locale;
import org.apache.spark.SparkConf;

/**
 * Before the first step: does one step's traffic fit? Each partition returns a parameter-sized
 * gradient (4 bytes a parameter), and with a one-level tree all of them reach the driver, which
 * {@code spark.driver.maxResultSize} bounds; each executor holds the parameters, the gradient and a
 * network's workspaces. A model that cannot fit fails at once with the numbers.
 */
final class ResourceCheck {
    private ResourceCheck() {}

    static void verify(SparkConf conf, int parameters, int partitions) {
        long gradientBytes = 4L * parameters;
        long kryoMax = conf.getSizeAsBytes("spark.kryoserializer.buffer.max", "64m");
        if (conf.get("spark.serializer", "").contains("Kryo") && gradientBytes + (1 << 20) > kryoMax) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "the model has %d parameters (%s per gradient) but spark.kryoserializer.buffer.max is %s:"
                            + " raise it above the gradient size (at most 2047m) or use a smaller model",
                    parameters, bytes(gradientBytes), bytes(kryoMax)));
        }
        long maxResult = conf.getSizeAsBytes("spark.driver.maxResultSize", "1g");
        int fanIn = Math.min(partitions, 8);
        if (maxResult > 0 && gradientBytes * fanIn > maxResult) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "the model has %d parameters (%s per gradient) and up to %d gradients reach the driver per step,"
                            + " %s in all, over spark.driver.maxResultSize = %s: raise spark.driver.maxResultSize"
                            + " or use a smaller model", parameters, bytes(gradientBytes), fanIn,
                    bytes(gradientBytes * fanIn), bytes(maxResult)));
        }
        long executorMemory = conf.getSizeAsBytes("spark.executor.memory", "1g");
        String master = conf.get("spark.master", "local[*]");
        long need = 6 * gradientBytes;
        if (!master.startsWith("local[") && !master.equals("local") && need > executorMemory / 2) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "the model needs about %s per executor task (parameters, gradient, optimiser inputs and"
                            + " workspaces) but spark.executor.memory is %s: raise spark.executor.memory",
                    bytes(need), bytes(executorMemory)));
        }
    }

    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        }
        return b >= 1L << 20 ? String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20))
                : String.format(Locale.ROOT, "%d KiB", b >> 10);
    }
}
