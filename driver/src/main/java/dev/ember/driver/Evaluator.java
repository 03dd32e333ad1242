// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.data.Task;
import dev.ember.driver.metrics.BinaryCounts;
import dev.ember.driver.metrics.ClassificationCounts;
import dev.ember.driver.metrics.EvaluationResult;
import dev.ember.driver.metrics.RegressionSums;
import dev.ember.worker.Batch;
import dev.ember.worker.Block;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.Engine;
import dev.ember.worker.GradientTask;
import dev.ember.worker.Network;
import dev.ember.worker.NetworkSpec;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Loss and task metrics of a model on cached blocks, computed on the executors in whole
 * micro-batches (never one row per kernel call) and merged as partial sums; no row reaches the driver.
 */
public final class Evaluator {
    private Evaluator() {}

    /** Mergeable partial results of one or more partitions. */
    static final class Partial implements Serializable {
        private static final long serialVersionUID = 1L;
        double lossSum;
        double weightSum;
        ClassificationCounts classes;
        BinaryCounts binary;
        RegressionSums regression;

        Partial merge(Partial o) {
            lossSum += o.lossSum;
            weightSum += o.weightSum;
            if (classes != null) {
                classes.merge(o.classes);
            }
            if (binary != null) {
                binary.merge(o.binary);
            }
            if (regression != null) {
                regression.merge(o.regression);
            }
            return this;
        }
    }

    /** The metrics of {@code params} on {@code blocks}. */
    public static EvaluationResult evaluate(JavaSparkContext jsc, JavaRDD<Block> blocks, float[] params,
            String specJson, ComputeSettings compute, Task task, int numClasses, int microBatch, String description) {
        Broadcast<float[]> bc = jsc.broadcast(params);
        try {
            jsc.setJobDescription(description);
            Partial total = blocks.mapPartitions((Iterator<Block> it) -> List.of(
                            evaluatePartition(it, bc.value(), specJson, compute, task, numClasses, microBatch))
                    .iterator())
                    .treeAggregate(emptyPartial(task, numClasses), Partial::merge, Partial::merge,
                            StepLoop.treeDepth(blocks.getNumPartitions()));
            double loss = total.weightSum > 0 ? total.lossSum / total.weightSum : Double.NaN;
            return switch (task) {
                case CLASSIFICATION -> total.classes.result(loss);
                case BINARY -> total.binary.result(loss);
                case REGRESSION -> total.regression.result(loss);
            };
        } finally {
            bc.destroy();
        }
    }

    static Partial emptyPartial(Task task, int numClasses) {
        Partial p = new Partial();
        switch (task) {
            case CLASSIFICATION -> p.classes = new ClassificationCounts(numClasses, Math.min(5, numClasses));
            case BINARY -> p.binary = new BinaryCounts();
            case REGRESSION -> p.regression = new RegressionSums(numClasses);
        }
        return p;
    }

    private static Partial evaluatePartition(Iterator<Block> blocks, float[] params, String specJson,
            ComputeSettings compute, Task task, int outputs, int microBatch) {
        Partial partial = emptyPartial(task, outputs);
        Engine engine = Engine.get();
        NetworkSpec spec = engine.spec(specJson);
        try (Engine.Worker worker = engine.acquire(spec, compute, microBatch)) {
            worker.ensureParams("eval", -1, params);
            Network net = worker.network();
            Batch buffer = null;
            float[] out = new float[microBatch * spec.outputWidth()];
            while (blocks.hasNext()) {
                Block block = blocks.next();
                if (buffer == null) {
                    buffer = worker.buffer(block.numericWidth(), block.categoricalWidth(), block.labelWidth());
                }
                int[] all = identity(block.rows());
                for (int from = 0; from < block.rows(); from += microBatch) {
                    int n = Math.min(microBatch, block.rows() - from);
                    Batch batch = GradientTask.gather(block, all, from, n, buffer, 0, 0);
                    partial.lossSum += net.loss(batch);
                    net.predict(batch, out);
                    for (int i = 0; i < n; i++) {
                        partial.weightSum += batch.weights()[i];
                    }
                    switch (task) {
                        case CLASSIFICATION -> partial.classes.add(out, batch.labels(), batch.weights(), n);
                        case BINARY -> partial.binary.add(out, batch.labels(), batch.weights(), n);
                        case REGRESSION -> partial.regression.add(out, batch.labels(), batch.weights(), n);
                    }
                }
            }
        }
        return partial;
    }

    static int[] identity(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }
}
