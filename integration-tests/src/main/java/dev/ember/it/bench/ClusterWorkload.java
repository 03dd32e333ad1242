// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import dev.ember.worker.Block;
import dev.ember.worker.NetworkSpec;
import dev.ember.worker.nn.CrossEntropy;
import dev.ember.worker.nn.Dense;
import dev.ember.worker.nn.Relu;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * The networks and data of the cluster benchmark. A step with no compute uses one Dense layer
 * ({@code in → 10}, as {@link StepOverheadBench}) and one row per partition; real training uses a
 * 784-h-h-10 ReLU MLP on synthetic rows whose class is a simple function of two features, so the
 * loss falls as in real training while the cost per sample is that of any 784-input MLP.
 */
final class ClusterWorkload {
    static final int CLASSES = 10;
    static final int INPUT = 784;

    private ClusterWorkload() {}

    /** One Dense layer {@code in → 10} with {@code in = (params − 10) / 10}. */
    static NetworkSpec overheadSpec(int params) {
        int in = Math.max(1, (params - CLASSES) / CLASSES);
        return new NetworkSpec(in, List.of(), List.of(new Dense(CLASSES)), new CrossEntropy(), 1);
    }

    /** 784-h-h-10 ReLU with h the width whose parameter count {@code h² + 796h + 10} is nearest {@code params}. */
    static NetworkSpec trainingSpec(int params) {
        int h = (int) Math.max(1, Math.round((-796 + Math.sqrt(796.0 * 796 + 4.0 * (params - 10))) / 2));
        return new NetworkSpec(INPUT, List.of(), List.of(new Dense(h), new Relu(), new Dense(h), new Relu(),
                new Dense(CLASSES)), new CrossEntropy(), 1);
    }

    /**
     * {@code rows} rows of width {@code width} in {@code partitions} cached blocks (one per partition,
     * global rows contiguous), each made inside its task so no closure carries data.
     */
    static JavaRDD<Block> blocks(JavaSparkContext jsc, int width, int rows, int partitions) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            ids.add(i);
        }
        JavaRDD<Block> blocks = jsc.parallelize(ids, partitions).map(i -> block(i, partitions, rows, width))
                .persist(StorageLevel.MEMORY_ONLY());
        blocks.count();
        return blocks;
    }

    private static Block block(int partition, int partitions, int totalRows, int width) {
        int from = (int) ((long) totalRows * partition / partitions);
        int to = (int) ((long) totalRows * (partition + 1) / partitions);
        int n = to - from;
        float[] x = new float[n * width];
        float[] y = new float[n];
        long[] global = new long[n];
        for (int r = 0; r < n; r++) {
            SplittableRandom rnd = new SplittableRandom(from + r);
            for (int j = 0; j < width; j++) {
                x[r * width + j] = (float) (rnd.nextDouble() * 2 - 1);
            }
            float x1 = width > 1 ? x[r * width + 1] : 0f;
            y[r] = Math.min(4, (int) ((x[r * width] + 1) * 2.5f)) + (x1 > 0 ? 5 : 0);
            global[r] = from + r;
        }
        return new Block(n, width, 0, 1, x, new float[0], y, null, global);
    }
}
