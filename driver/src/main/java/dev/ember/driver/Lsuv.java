// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.tensor.ParamLayout;
import dev.ember.worker.Block;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.LsuvTask;
import dev.ember.worker.NetworkSpec;
import dev.ember.worker.nn.Dense;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Layer-sequential unit-variance initialisation (Mishkin &amp; Matas, "All you need is a good init"):
 * after the usual initialisation, each Dense layer in turn has its weights scaled by
 * {@code 1/√Var(output)} on one batch of training data until the variance of its output is within
 * {@code TOLERANCE} of 1 (at most {@code MAX_ROUNDS} rounds). The batch is the first rows of the first
 * partition's first block; the variances are computed on the executor, so no row reaches the driver.
 */
final class Lsuv {
    static final double TOLERANCE = 0.1;
    static final int MAX_ROUNDS = 10;

    private Lsuv() {}

    static void apply(JavaSparkContext jsc, NetworkSpec spec, float[] params, JavaRDD<Block> train,
            ComputeSettings compute, int batchSize, PrintStream log) {
        List<Integer> denseLayers = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            if (spec.layers().get(i) instanceof Dense) {
                denseLayers.add(i);
            }
        }
        String json = spec.toJson();
        for (int d = 0; d < denseLayers.size(); d++) {
            ParamLayout.Slice w = spec.layout().slice(NetworkSpec.weightName(denseLayers.get(d)));
            double variance = Double.NaN;
            for (int round = 0; round < MAX_ROUNDS; round++) {
                variance = variances(jsc, json, params, train, compute, batchSize)[d];
                if (!(variance > 0) || Math.abs(variance - 1) < TOLERANCE) {
                    break;
                }
                float scale = (float) (1 / Math.sqrt(variance));
                for (int i = w.offset(); i < w.offset() + w.size(); i++) {
                    params[i] *= scale;
                }
            }
            log.printf(Locale.ROOT, "LSUV: layer %d output variance %.3f%n", denseLayers.get(d), variance);
        }
    }

    private static double[] variances(JavaSparkContext jsc, String json, float[] params, JavaRDD<Block> train,
            ComputeSettings compute, int batchSize) {
        Broadcast<float[]> bc = jsc.broadcast(params);
        try {
            jsc.setJobDescription("Ember LSUV initialisation");
            List<double[]> out = train.mapPartitionsWithIndex((Integer p, Iterator<Block> it) -> {
                double[] v = LsuvTask.run(p, it, bc.value(), json, compute, batchSize);
                return (v == null ? List.<double[]>of() : List.of(v)).iterator();
            }, true).collect();
            if (out.isEmpty()) {
                throw new IllegalStateException("LSUV needs training rows in the first partition");
            }
            return out.get(0);
        } finally {
            bc.destroy();
        }
    }
}
