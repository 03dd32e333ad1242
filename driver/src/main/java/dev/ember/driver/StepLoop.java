// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.worker.Block;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.GradientSum;
import dev.ember.worker.GradientTask;
import dev.ember.worker.StepPlan;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Function2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

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
            if (depth == 1) {
                return oneLevel(bc, plan, p, json, settings);
            }
            GradientSum sum = train
                    .mapPartitionsWithIndex((index, blocks) -> List.of(GradientTask.run(index, p, blocks, plan,
                            bc.value(), json, settings)).iterator(), true)
                    .treeAggregate(new GradientSum(p), GradientSum::merge, GradientSum::merge, depth);
            return sum.total();
        } finally {
            bc.destroy();
        }
    }

    /**
     * A one-level tree: one job whose partition sums are merged on the driver, which is what
     * {@code treeAggregate} runs at depth 1. It is submitted with {@code runJob} and one small
     * closure, because {@code treeAggregate} re-cleans closures compiled into Spark's large RDD class
     * every call, and parsing that class file cost the driver several milliseconds a step.
     */
    private GradientSum.Node oneLevel(Broadcast<float[]> bc, StepPlan plan, int p, String json,
            ComputeSettings settings) {
        Function2<TaskContext, Iterator<Block>, GradientSum> task =
                (Function2<TaskContext, Iterator<Block>, GradientSum> & Serializable) (ctx, blocks) ->
                        GradientTask.run(ctx.partitionId(), p, CollectionConverters.asJava(blocks), plan, bc.value(),
                                json, settings);
        Object results = jsc.sc().runJob(train.rdd(), task, ClassTag$.MODULE$.apply(GradientSum.class));
        GradientSum sum = new GradientSum(p);
        for (GradientSum part : (GradientSum[]) results) {
            sum.merge(part);
        }
        return sum.total();
    }
}
