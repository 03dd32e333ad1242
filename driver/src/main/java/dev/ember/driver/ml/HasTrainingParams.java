// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * MLlib-style accessors of an Ember estimator's {@link TrainingParams}: {@code layers()} returns the
 * Param (MLlib finds params by these public methods), {@code getLayers()} its value, {@code setLayers}
 * sets it and returns the stage {@code T}.
 */
@SuppressWarnings("unchecked")
public interface HasTrainingParams<T extends Params> extends Params {

    /** The params object this stage created in its constructor. */
    TrainingParams trainingParams();

    default IntArrayParam layers() {
        return trainingParams().layers;
    }

    default Param<String> activation() {
        return trainingParams().activation;
    }

    default Param<String> optimizer() {
        return trainingParams().optimizer;
    }

    default DoubleParam stepSize() {
        return trainingParams().stepSize;
    }

    default IntParam maxIter() {
        return trainingParams().maxIter;
    }

    default IntParam batchSize() {
        return trainingParams().batchSize;
    }

    default LongParam seed() {
        return trainingParams().seed;
    }

    default BooleanParam standardization() {
        return trainingParams().standardization;
    }

    default Param<String> weightCol() {
        return trainingParams().weightCol;
    }

    default int[] getLayers() {
        return getOrDefault(layers()).clone();
    }

    default String getActivation() {
        return getOrDefault(activation());
    }

    default String getOptimizer() {
        return getOrDefault(optimizer());
    }

    default double getStepSize() {
        return (Double) getOrDefault(stepSize());
    }

    default int getMaxIter() {
        return (Integer) getOrDefault(maxIter());
    }

    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    default boolean getStandardization() {
        return (Boolean) getOrDefault(standardization());
    }

    /** The weight column, or null when unset or empty. */
    default String getWeightCol() {
        return isDefined(weightCol()) && !getOrDefault(weightCol()).isEmpty() ? getOrDefault(weightCol()) : null;
    }

    default T setLayers(int[] value) {
        return (T) set(layers(), value.clone());
    }

    default T setActivation(String value) {
        return (T) set(activation(), value);
    }

    default T setOptimizer(String value) {
        return (T) set(optimizer(), value);
    }

    default T setStepSize(double value) {
        return (T) set(stepSize(), value);
    }

    default T setMaxIter(int value) {
        return (T) set(maxIter(), value);
    }

    default T setBatchSize(int value) {
        return (T) set(batchSize(), value);
    }

    default T setSeed(long value) {
        return (T) set(seed(), value);
    }

    default T setStandardization(boolean value) {
        return (T) set(standardization(), value);
    }

    default T setWeightCol(String value) {
        return (T) set(weightCol(), value);
    }
}
