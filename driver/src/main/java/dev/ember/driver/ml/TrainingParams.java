// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import java.io.Serializable;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The training params every Ember estimator has, created for (and owned by) one stage with their
 * defaults; {@link HasTrainingParams} exposes them as MLlib-style accessors, getters and setters.
 */
public final class TrainingParams implements Serializable {
    private static final long serialVersionUID = 1L;

    final IntArrayParam layers;
    final Param<String> activation;
    final Param<String> optimizer;
    final DoubleParam stepSize;
    final IntParam maxIter;
    final IntParam batchSize;
    final LongParam seed;
    final BooleanParam standardization;
    final Param<String> weightCol;

    TrainingParams(Params parent) {
        layers = new IntArrayParam(parent, "layers", "hidden layer sizes, input side first; empty: a linear model");
        activation = new Param<>(parent, "activation", "activation after each hidden layer: relu, leaky_relu, elu,"
                + " sigmoid, tanh, selu, silu, gelu or identity");
        optimizer = new Param<>(parent, "optimizer", "optimiser: sgd, adam, adamw, rmsprop or adagrad");
        stepSize = new DoubleParam(parent, "stepSize", "learning rate of the optimiser (> 0)", ParamValidators.gt(0));
        maxIter = new IntParam(parent, "maxIter", "training epochs (>= 1)", ParamValidators.gtEq(1));
        batchSize = new IntParam(parent, "batchSize", "rows per optimiser step (>= 1)", ParamValidators.gtEq(1));
        seed = new LongParam(parent, "seed", "random seed of initialisation, shuffling and dropout");
        standardization = new BooleanParam(parent, "standardization",
                "whether to standardise the features with the training rows' mean and std");
        weightCol = new Param<>(parent, "weightCol", "row weight column name; unset or empty: every row weighs 1");
        parent.setDefault(layers, new int[] {64});
        parent.setDefault(activation, "relu");
        parent.setDefault(optimizer, "adam");
        parent.setDefault(stepSize, 1e-3);
        parent.setDefault(maxIter, 10);
        parent.setDefault(batchSize, 64);
        parent.setDefault(seed, 42L);
        parent.setDefault(standardization, true);
    }
}
