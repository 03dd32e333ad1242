// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.config.Task;
import dev.ember.driver.metrics.BinaryCounts;
import dev.ember.driver.metrics.ClassificationCounts;
import dev.ember.driver.metrics.EvaluationResult;
import dev.ember.driver.metrics.RegressionSums;
import dev.ember.worker.Block;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.EvaluationTask;
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
    static final class Partial implements Serializable, EvaluationTask.Sink {
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

        @Override
        public void add(float[] outputs, float[] labels, float[] weights, int n) {
            if (classes != null) {
                classes.add(outputs, labels, weights, n);
            } else if (binary != null) {
                binary.add(outputs, labels, weights, n);
            } else {
                regression.add(outputs, labels, weights, n);
            }
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
        EvaluationTask.Sums sums = EvaluationTask.run(blocks, params, specJson, compute, microBatch, partial);
        partial.lossSum = sums.lossSum();
        partial.weightSum = sums.weightSum();
        return partial;
    }
}
