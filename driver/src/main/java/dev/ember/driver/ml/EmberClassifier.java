// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import dev.ember.driver.config.Task;
import dev.ember.driver.config.LossConfig;
import dev.ember.driver.model.Model;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
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
        implements HasTrainingParams<EmberClassifier>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final TrainingParams training;

    public EmberClassifier() {
        this(Identifiable.randomUID("emberClassifier"));
    }

    public EmberClassifier(String uid) {
        this(ConstructionUid.stash(uid), true);
    }

    private EmberClassifier(String uid, boolean stashed) {
        this.uid = uid;
        ConstructionUid.clear();
        this.training = new TrainingParams(this);
    }

    @Override
    public String uid() {
        return uid != null ? uid : ConstructionUid.pending();
    }

    @Override
    public TrainingParams trainingParams() {
        return training;
    }

    @Override
    public EmberClassificationModel train(Dataset<?> dataset) {
        Model model = EmberFit.train(this, getFeaturesCol(), getLabelCol(), dataset.toDF(), Task.CLASSIFICATION,
                LossConfig.defaults(), "EmberClassifier");
        return new EmberClassificationModel(uid(), model);
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
