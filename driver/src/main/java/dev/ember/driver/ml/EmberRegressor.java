// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import dev.ember.driver.config.Task;
import dev.ember.driver.config.LossConfig;
import dev.ember.driver.model.Model;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * A multilayer perceptron regressor trained by Ember's trainer: {@code layers} hidden dense layers,
 * then one linear output unit fitted to the numeric label with {@code loss} (mse, mae, or huber with
 * {@code huberDelta}). The other params are {@link EmberClassifier}'s.
 */
public final class EmberRegressor extends Predictor<Vector, EmberRegressor, EmberRegressionModel>
        implements HasTrainingParams<EmberRegressor>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final TrainingParams training;
    private final Param<String> loss;
    private final DoubleParam huberDelta;

    public EmberRegressor() {
        this(Identifiable.randomUID("emberRegressor"));
    }

    public EmberRegressor(String uid) {
        this(ConstructionUid.stash(uid), true);
    }

    private EmberRegressor(String uid, boolean stashed) {
        this.uid = uid;
        ConstructionUid.clear();
        this.training = new TrainingParams(this);
        this.loss = new Param<>(this, "loss", "regression loss: mse, mae or huber");
        this.huberDelta = new DoubleParam(this, "huberDelta", "where the huber loss turns from quadratic to linear"
                + " (> 0)", ParamValidators.gt(0));
        setDefault(loss, "mse");
        setDefault(huberDelta, 1.0);
    }

    @Override
    public String uid() {
        return uid != null ? uid : ConstructionUid.pending();
    }

    @Override
    public TrainingParams trainingParams() {
        return training;
    }

    public Param<String> loss() {
        return loss;
    }

    public DoubleParam huberDelta() {
        return huberDelta;
    }

    public String getLoss() {
        return getOrDefault(loss);
    }

    public double getHuberDelta() {
        return (Double) getOrDefault(huberDelta);
    }

    public EmberRegressor setLoss(String value) {
        return (EmberRegressor) set(loss, value);
    }

    public EmberRegressor setHuberDelta(double value) {
        return (EmberRegressor) set(huberDelta, value);
    }

    @Override
    public EmberRegressionModel train(Dataset<?> dataset) {
        String name = getLoss();
        if (!name.equals("mse") && !name.equals("mae") && !name.equals("huber")) {
            throw new IllegalArgumentException("EmberRegressor loss must be mse, mae or huber, got '" + name + "'");
        }
        Model model = EmberFit.train(this, getFeaturesCol(), getLabelCol(), dataset.toDF(), Task.REGRESSION,
                new LossConfig(name, getHuberDelta()), "EmberRegressor");
        return new EmberRegressionModel(uid(), model);
    }

    @Override
    public EmberRegressor copy(ParamMap extra) {
        return (EmberRegressor) defaultCopy(extra);
    }

    public static MLReader<EmberRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static EmberRegressor load(String path) {
        return read().load(path);
    }
}
