// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Spark's own floor for one synchronous step: broadcast a {@code float[P]}, {@code treeAggregate}
 * over a cached RDD with one element per partition whose seqOp adds the broadcast vector once per
 * partition into an accumulator allocated in the task ({@code null} zero value, so nothing
 * parameter-sized ships in a closure), then an SGD update on the driver. No framework code runs.
 */
final class SparkFloor {
    private final JavaSparkContext jsc;
    private final JavaRDD<Integer> data;

    SparkFloor(JavaSparkContext jsc, int partitions) {
        this.jsc = jsc;
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            ids.add(i);
        }
        // map after parallelize: the cached partitions, not the task closures, hold the elements.
        data = jsc.parallelize(ids, partitions).map(i -> i).persist(StorageLevel.MEMORY_ONLY());
        data.count();
    }

    /** Broadcast + treeAggregate (depth 1, as Ember uses up to 8 partitions); returns the sum. */
    float[] aggregate(float[] params, String description) {
        Broadcast<float[]> bc = jsc.broadcast(params);
        try {
            jsc.setJobDescription(description);
            return data.treeAggregate(null, (float[] acc, Integer x) -> add(acc, bc.value()), SparkFloor::merge, 1);
        } finally {
            bc.destroy();
        }
    }

    /** The driver's part: {@code θ ← θ − η·g}. */
    static void update(float[] params, float[] grad, float lr) {
        for (int i = 0; i < params.length; i++) {
            params[i] -= lr * grad[i];
        }
    }

    void close() {
        data.unpersist(false);
    }

    private static float[] add(float[] acc, float[] v) {
        float[] out = acc == null ? new float[v.length] : acc;
        for (int i = 0; i < v.length; i++) {
            out[i] += v[i];
        }
        return out;
    }

    private static float[] merge(float[] a, float[] b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : add(a, b);
    }
}
