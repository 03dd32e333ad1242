// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import dev.ember.driver.config.Task;
import dev.ember.driver.score.MicroBatchScorer;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.ModelException;
import dev.ember.driver.model.Preprocessing;
import dev.ember.worker.ComputeSettings;
import java.util.List;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A trained Ember classifier as a Spark ML Transformer. {@link #transform} is lazy and appends
 * {@code rawPredictionCol} (the logits), {@code probabilityCol} (their softmax) and
 * {@code predictionCol} (the class index as a double), each unless its name is set empty; rows are
 * scored a whole micro-batch per forward pass on the executors ({@link MicroBatchScorer}).
 *
 * <p>Saved with {@code write().save(path)}, the folder is an Ember model folder ({@code model.json},
 * {@code params.f32}, readable by {@code ember predict}) plus MLlib's {@code metadata/}; {@link #load}
 * reads it, and also reads the folder of an {@code ember train} run (classification or binary).
 */
public final class EmberClassificationModel
        extends ProbabilisticClassificationModel<Vector, EmberClassificationModel> implements MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Model model;
    private final MicroBatchScorer scorer;

    public EmberClassificationModel(String uid, Model model) {
        this(ConstructionUid.stash(uid), model, true);
    }

    private EmberClassificationModel(String uid, Model model, boolean stashed) {
        ConstructionUid.clear();
        Task task = model.task();
        if (task == Task.REGRESSION) {
            throw new ModelException("EmberClassificationModel needs a classification or binary model, got task '"
                    + task + "'");
        }
        this.uid = uid;
        this.model = model;
        this.scorer = new MicroBatchScorer(model, ComputeSettings.defaults());
    }

    @Override
    public String uid() {
        return uid != null ? uid : ConstructionUid.pending();
    }

    /** The Ember model underneath: network, parameters, preprocessing, labels. */
    public Model emberModel() {
        return model;
    }

    @Override
    public int numClasses() {
        return scorer.numClasses();
    }

    @Override
    public int numFeatures() {
        return model.spec().numericWidth();
    }

    @Override
    public Vector predictRaw(Vector features) {
        return scorer.raw(features);
    }

    @Override
    public Vector raw2probabilityInPlace(Vector raw) {
        if (!(raw instanceof DenseVector dense)) {
            throw new IllegalArgumentException("rawPrediction must be a dense vector, got " + raw.getClass().getName());
        }
        double[] v = dense.values();
        double[] p = MicroBatchScorer.probabilities(v, numClasses() == 2 && model.spec().outputWidth() == 1);
        System.arraycopy(p, 0, v, 0, p.length);
        return dense;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        StructType out = scorer.transformSchema(schema, getFeaturesCol(), columns());
        if (getPredictionCol().isEmpty()) {
            return out;
        }
        StructField[] fields = out.fields().clone();
        fields[out.fieldIndex(getPredictionCol())] = predictionField(getPredictionCol());
        return new StructType(fields);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        if (isDefined(thresholds())) {
            throw new IllegalArgumentException("EmberClassificationModel does not support thresholds: the prediction"
                    + " is the most probable class");
        }
        StructType schema = transformSchema(dataset.schema());
        Dataset<Row> scored = scorer.transform(dataset, getFeaturesCol(), columns());
        // the row encoder keeps types, not column metadata: put the prediction's class metadata back
        return getPredictionCol().isEmpty() ? scored
                : scored.withMetadata(getPredictionCol(), schema.apply(getPredictionCol()).metadata());
    }

    /** The prediction column, with the classes as nominal metadata (label names when the model has them). */
    private StructField predictionField(String name) {
        NominalAttribute attr = NominalAttribute.defaultAttr().withName(name);
        List<String> names = model.labelNames();
        attr = names.size() == numClasses() ? attr.withValues(names.toArray(new String[0]))
                : attr.withNumValues(numClasses());
        StructField f = attr.toStructField();
        return DataTypes.createStructField(name, DataTypes.DoubleType, false, f.metadata());
    }

    private MicroBatchScorer.Columns columns() {
        return new MicroBatchScorer.Columns(getRawPredictionCol(), getProbabilityCol(), getPredictionCol());
    }

    @Override
    public EmberClassificationModel copy(ParamMap extra) {
        EmberClassificationModel copy = new EmberClassificationModel(uid, model);
        return copyValues(copy, extra).setParent(parent());
    }

    /** Both parents define it; Ember keeps no training summary. */
    @Override
    @SuppressWarnings("rawtypes")
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public MLWriter write() {
        return new EmberModelIo.Writer(this, model);
    }

    public static MLReader<EmberClassificationModel> read() {
        return new EmberModelIo.Reader<>(EmberClassificationModel.class, EmberClassificationModel::new,
                EmberClassificationModel::fromEmberFolder);
    }

    public static EmberClassificationModel load(String path) {
        return read().load(path);
    }

    /** Wraps a model read from an Ember model folder, with default params (features from its preprocessing). */
    static EmberClassificationModel fromEmberFolder(Model model) {
        EmberClassificationModel m = new EmberClassificationModel(Identifiable.randomUID("emberClassifier"), model);
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
