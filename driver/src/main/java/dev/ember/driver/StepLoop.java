// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.worker.Block;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.Engine;
import dev.ember.worker.GradientSum;
import dev.ember.worker.GradientTask;
import dev.ember.worker.StepPlan;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One synchronous data-parallel step: broadcast the parameters, let every partition compute its
 * share of global batch t on the executors, and {@code treeAggregate} the shares.
 *
 * <p>Bit-identical runs: each task is a pure function of (parameters, plan, partition data), and
 * {@link GradientSum} combines partition sums along a fixed tree over partition indices, so the
 * order in which Spark merges task results (completion order) cannot change a single bit. The
 * zero value of the aggregation holds no array, so nothing parameter-sized ships to tasks beyond
 * the broadcast. The driver never touches rows.
 */
public final class StepLoop {
    private final JavaSparkContext jsc;
    private final JavaRDD<Block> train;
    private final String specJson;
    private final ComputeSettings compute;
    private final int partitions;
    private final int depth;

    public StepLoop(JavaSparkContext jsc, JavaRDD<Block> train, String specJson, ComputeSettings compute) {
        this.jsc = jsc;
        this.train = train;
        this.specJson = specJson;
        this.compute = compute;
        this.partitions = train.getNumPartitions();
        this.depth = treeDepth(partitions);
    }

    /** One level up to 8 partitions (a second level costs a shuffle), then a level per factor of ~8. */
    static int treeDepth(int partitions) {
        if (partitions <= 8) {
            return 1;
        }
        return partitions <= 64 ? 2 : 3;
    }

    public int partitions() {
        return partitions;
    }

    /** The summed gradient, loss and weight of {@code plan}'s batch over all partitions. */
    public GradientSum.Node step(float[] params, StepPlan plan, String description) {
        Broadcast<float[]> bc = jsc.broadcast(params);
        try {
            jsc.setJobDescription(description);
            final int p = partitions;
            final String json = specJson;
            final ComputeSettings settings = compute;
            GradientSum sum = train
                    .mapPartitionsWithIndex((index, blocks) -> List.of(GradientTask.run(index, p, blocks, plan,
                            bc.value(), Engine.get().spec(json), settings)).iterator(), true)
                    .treeAggregate(new GradientSum(p), GradientSum::merge, GradientSum::merge, depth);
            return sum.total();
        } finally {
            bc.destroy();
        }
    }
}
