// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * A multilayer perceptron classifier trained by Ember's data-parallel trainer, usable anywhere a
 * Spark ML Estimator is: in a Pipeline, under CrossValidator, with MLlib's evaluators.
 *
 * <p>The network is {@code layers} hidden dense layers with {@code activation}, then one logit per
 * class with softmax cross-entropy; classes are the label values 0 .. K−1 (K from the label's
 * metadata, else max label + 1). Features come from one vector column, standardised with the
 * training rows' mean and std when {@code standardization} is on; {@code weightCol} weights rows.
 * Training runs {@code maxIter} epochs of mini-batches of {@code batchSize} rows with
 * {@code optimizer} at learning rate {@code stepSize}; runs with the same seed and data are repeatable.
 */
public final class EmberClassifier extends ProbabilisticClassifier<Vector, EmberClassifier, EmberClassificationModel>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final IntArrayParam layers;
    private final Param<String> activation;
    private final Param<String> optimizer;
    private final DoubleParam stepSize;
    private final IntParam maxIter;
    private final IntParam batchSize;
    private final LongParam seed;
    private final BooleanParam standardization;
    private final Param<String> weightCol;

    public EmberClassifier() {
        this(Identifiable.randomUID("emberClassifier"));
    }

    public EmberClassifier(String uid) {
        this(ConstructionUid.stash(uid), true);
    }

    private EmberClassifier(String uid, boolean stashed) {
        this.uid = uid;
        ConstructionUid.clear();
        layers = new IntArrayParam(this, "layers", "hidden layer sizes, input side first; empty: a linear model");
        activation = new Param<>(this, "activation", "activation after each hidden layer: relu, leaky_relu, elu,"
                + " sigmoid, tanh, selu, silu, gelu or identity");
        optimizer = new Param<>(this, "optimizer", "optimiser: sgd, adam, adamw, rmsprop or adagrad");
        stepSize = new DoubleParam(this, "stepSize", "learning rate of the optimiser (> 0)", ParamValidators.gt(0));
        maxIter = new IntParam(this, "maxIter", "training epochs (>= 1)", ParamValidators.gtEq(1));
        batchSize = new IntParam(this, "batchSize", "rows per optimiser step (>= 1)", ParamValidators.gtEq(1));
        seed = new LongParam(this, "seed", "random seed of initialisation, shuffling and dropout");
        standardization = new BooleanParam(this, "standardization",
                "whether to standardise the features with the training rows' mean and std");
        weightCol = new Param<>(this, "weightCol", "row weight column name; unset or empty: every row weighs 1");
        setDefault(layers, new int[] {64});
        setDefault(activation, "relu");
        setDefault(optimizer, "adam");
        setDefault(stepSize, 1e-3);
        setDefault(maxIter, 10);
        setDefault(batchSize, 64);
        setDefault(seed, 42L);
        setDefault(standardization, true);
    }

    @Override
    public String uid() {
        return uid != null ? uid : ConstructionUid.pending();
    }

    public IntArrayParam layers() {
        return layers;
    }

    public Param<String> activation() {
        return activation;
    }

    public Param<String> optimizer() {
        return optimizer;
    }

    public DoubleParam stepSize() {
        return stepSize;
    }

    public IntParam maxIter() {
        return maxIter;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public LongParam seed() {
        return seed;
    }

    public BooleanParam standardization() {
        return standardization;
    }

    public Param<String> weightCol() {
        return weightCol;
    }

    public int[] getLayers() {
        return getOrDefault(layers).clone();
    }

    public String getActivation() {
        return getOrDefault(activation);
    }

    public String getOptimizer() {
        return getOrDefault(optimizer);
    }

    public double getStepSize() {
        return (Double) getOrDefault(stepSize);
    }

    public int getMaxIter() {
        return (Integer) getOrDefault(maxIter);
    }

    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    public long getSeed() {
        return (Long) getOrDefault(seed);
    }

    public boolean getStandardization() {
        return (Boolean) getOrDefault(standardization);
    }

    /** The weight column, or null when unset or empty. */
    public String getWeightCol() {
        return isDefined(weightCol) && !getOrDefault(weightCol).isEmpty() ? getOrDefault(weightCol) : null;
    }

    public EmberClassifier setLayers(int[] value) {
        return (EmberClassifier) set(layers, value.clone());
    }

    public EmberClassifier setActivation(String value) {
        return (EmberClassifier) set(activation, value);
    }

    public EmberClassifier setOptimizer(String value) {
        return (EmberClassifier) set(optimizer, value);
    }

    public EmberClassifier setStepSize(double value) {
        return (EmberClassifier) set(stepSize, value);
    }

    public EmberClassifier setMaxIter(int value) {
        return (EmberClassifier) set(maxIter, value);
    }

    public EmberClassifier setBatchSize(int value) {
        return (EmberClassifier) set(batchSize, value);
    }

    public EmberClassifier setSeed(long value) {
        return (EmberClassifier) set(seed, value);
    }

    public EmberClassifier setStandardization(boolean value) {
        return (EmberClassifier) set(standardization, value);
    }

    public EmberClassifier setWeightCol(String value) {
        return (EmberClassifier) set(weightCol, value);
    }

    @Override
    public EmberClassificationModel train(Dataset<?> dataset) {
        return EmberFit.fit(this, dataset.toDF());
    }

    @Override
    public EmberClassifier copy(ParamMap extra) {
        return (EmberClassifier) defaultCopy(extra);
    }

    public static MLReader<EmberClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static EmberClassifier load(String path) {
        return read().load(path);
    }
}
