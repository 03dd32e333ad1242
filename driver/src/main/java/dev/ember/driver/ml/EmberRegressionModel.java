// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import dev.ember.driver.config.Task;
import dev.ember.driver.score.MicroBatchScorer;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.ModelException;
import dev.ember.driver.model.Preprocessing;
import dev.ember.worker.ComputeSettings;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A trained Ember regressor (one target) as a Spark ML Transformer: {@link #transform} lazily
 * appends {@code predictionCol}, scoring a whole micro-batch per forward pass on the executors.
 * Saved and loaded like {@link EmberClassificationModel}: an Ember model folder plus {@code metadata/};
 * the folder of an {@code ember train} regression run (one target) loads too.
 */
public final class EmberRegressionModel extends RegressionModel<Vector, EmberRegressionModel>
        implements MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Model model;
    private final MicroBatchScorer scorer;

    public EmberRegressionModel(String uid, Model model) {
        this(ConstructionUid.stash(uid), model, true);
    }

    private EmberRegressionModel(String uid, Model model, boolean stashed) {
        ConstructionUid.clear();
        if (model.task() != Task.REGRESSION || model.spec().outputWidth() != 1) {
            throw new ModelException("EmberRegressionModel needs a regression model of one target, got task '"
                    + model.task() + "' with " + model.spec().outputWidth() + " outputs");
        }
        this.uid = uid;
        this.model = model;
        this.scorer = new MicroBatchScorer(model, ComputeSettings.defaults());
    }

    @Override
    public String uid() {
        return uid != null ? uid : ConstructionUid.pending();
    }

    /** The Ember model underneath. */
    public Model emberModel() {
        return model;
    }

    @Override
    public int numFeatures() {
        return model.spec().numericWidth();
    }

    @Override
    public double predict(Vector features) {
        return scorer.raw(features).apply(0);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return scorer.transformSchema(schema, getFeaturesCol(), columns());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        return getPredictionCol().isEmpty() ? dataset.toDF()
                : scorer.transform(dataset, getFeaturesCol(), columns());
    }

    private MicroBatchScorer.Columns columns() {
        return new MicroBatchScorer.Columns("", "", getPredictionCol());
    }

    @Override
    public EmberRegressionModel copy(ParamMap extra) {
        return copyValues(new EmberRegressionModel(uid, model), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new EmberModelIo.Writer(this, model);
    }

    public static MLReader<EmberRegressionModel> read() {
        return new EmberModelIo.Reader<>(EmberRegressionModel.class, EmberRegressionModel::new,
                EmberRegressionModel::fromEmberFolder);
    }

    public static EmberRegressionModel load(String path) {
        return read().load(path);
    }

    static EmberRegressionModel fromEmberFolder(Model model) {
        EmberRegressionModel m = new EmberRegressionModel(Identifiable.randomUID("emberRegressor"), model);
        Preprocessing p = model.preprocessing();
        if (p.features().size() == 1) {
            m.setFeaturesCol(p.features().get(0));
        }
        if (p.label() != null && !p.label().isEmpty()) {
            m.set(m.labelCol(), p.label());
        }
        return m;
    }
}
