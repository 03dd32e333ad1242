// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import dev.ember.driver.ModelBuilder;
import dev.ember.driver.Trainer;
import dev.ember.driver.config.LayerConfig;
import dev.ember.driver.config.LossConfig;
import dev.ember.driver.config.ModelConfig;
import dev.ember.driver.config.OptimizerConfig;
import dev.ember.driver.config.ScheduleConfig;
import dev.ember.driver.data.ColumnSpec;
import dev.ember.driver.data.DataPreparer;
import dev.ember.driver.data.PreparedData;
import dev.ember.driver.data.Task;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.Preprocessing;
import dev.ember.driver.optim.Optimizer;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.NetworkSpec;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * One fit of an Ember estimator: the params become Ember's model and training settings, the
 * DataFrame is packed into cached blocks by {@link DataPreparer} (all rows train: no validation
 * split), and {@link Trainer} runs; the stage wraps the trained {@link Model}.
 */
final class EmberFit {
    private static final int MAX_MICRO_BATCH = 512;

    private EmberFit() {}

    /** Trains an Ember model of {@code task} ({@code classification} or {@code regression}) on {@code df}. */
    static Model train(HasTrainingParams<?> est, String featuresCol, String labelCol, Dataset<Row> df, String task,
            LossConfig loss, String trainedBy) {
        ModelConfig modelConfig = modelConfig(est, task, loss);
        Optimizer optimizer = optimizer(est);
        Task t = Task.of(task);
        ColumnSpec columns = new ColumnSpec(List.of(featuresCol), List.of(), labelCol, est.getWeightCol(), t, null,
                null);
        PreparedData data = DataPreparer.prepare(df, null, columns, new DataPreparer.Options(0, est.getSeed(),
                est.getStandardization(), null, StorageLevel.MEMORY_AND_DISK()));
        try {
            NetworkSpec spec = ModelBuilder.build(modelConfig, data.numericWidth(), data.cardinalities(),
                    data.numClasses(), data.labelWidth());
            float[] params = new float[spec.layout().total()];
            spec.initialize(params, est.getSeed());
            int batch = est.getBatchSize();
            long stepsPerEpoch = (data.trainRows() + batch - 1) / batch;
            Trainer.Settings settings = new Trainer.Settings(est.getMaxIter(), batch, Math.min(batch, MAX_MICRO_BATCH),
                    est.getSeed(), optimizer,
                    total -> ScheduleConfig.defaults().build(optimizer.lr(), total, stepsPerEpoch), null, null,
                    Integer.MAX_VALUE, ComputeSettings.defaults(), UUID.randomUUID().toString());
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
            Trainer.Result result = new Trainer(jsc, new PrintStream(OutputStream.nullOutputStream()))
                    .train(spec, params, data.train(), data.trainRows(), null, t,
                            t == Task.CLASSIFICATION ? data.numClasses() : data.labelWidth(), settings);
            Preprocessing prep = new Preprocessing(List.of(featuresCol), List.of(), new int[0],
                    est.getStandardization() ? data.standardizer().mean() : null,
                    est.getStandardization() ? data.standardizer().std() : null, labelCol);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("trained_by", trainedBy);
            summary.put("epochs", result.epochs().size());
            summary.put("steps", result.steps());
            summary.put("train_loss", result.epochs().get(result.epochs().size() - 1).trainLoss());
            return new Model(spec, result.params(), prep, task, data.labelNames(), summary);
        } finally {
            data.unpersist();
        }
    }

    static ModelConfig modelConfig(HasTrainingParams<?> est, String task, LossConfig loss) {
        String act = est.getActivation();
        List<LayerConfig> hidden = new ArrayList<>();
        for (int units : est.getLayers()) {
            hidden.add(new LayerConfig.Dense(units, act, LayerConfig.defaultAlpha(act), true, "auto"));
        }
        return new ModelConfig(task, hidden, loss, "auto", null);
    }

    private static Optimizer optimizer(HasTrainingParams<?> est) {
        try {
            return OptimizerConfig.of(est.getOptimizer(), est.getStepSize()).optimizer();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("optimizer '" + est.getOptimizer() + "' with stepSize "
                    + est.getStepSize() + " is not usable: " + e.getMessage(), e);
        }
    }
}
