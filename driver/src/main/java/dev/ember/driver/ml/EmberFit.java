// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import dev.ember.driver.ModelBuilder;
import dev.ember.driver.Trainer;
import dev.ember.driver.config.LayerConfig;
import dev.ember.driver.config.LossConfig;
import dev.ember.driver.config.ModelConfig;
import dev.ember.driver.config.ScheduleConfig;
import dev.ember.driver.data.ColumnSpec;
import dev.ember.driver.data.DataPreparer;
import dev.ember.driver.data.PreparedData;
import dev.ember.driver.data.Task;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.Preprocessing;
import dev.ember.driver.optim.Optimizer;
import dev.ember.driver.optim.Optimizers;
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
 * One {@link EmberClassifier#fit}: the params become Ember's model and training settings, the
 * DataFrame is packed into cached blocks by {@link DataPreparer} (all rows train: no validation
 * split), {@link Trainer} runs, and the result becomes an {@link EmberClassificationModel}.
 */
final class EmberFit {
    private static final int MAX_MICRO_BATCH = 512;

    private EmberFit() {}

    static EmberClassificationModel fit(EmberClassifier est, Dataset<Row> df) {
        ModelConfig modelConfig = modelConfig(est);
        Optimizer optimizer = optimizer(est);
        ColumnSpec columns = new ColumnSpec(List.of(est.getFeaturesCol()), List.of(), est.getLabelCol(),
                est.getWeightCol(), Task.CLASSIFICATION, null, null);
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
                    .train(spec, params, data.train(), data.trainRows(), null, Task.CLASSIFICATION, data.numClasses(),
                            settings);
            Preprocessing prep = new Preprocessing(List.of(est.getFeaturesCol()), List.of(), new int[0],
                    est.getStandardization() ? data.standardizer().mean() : null,
                    est.getStandardization() ? data.standardizer().std() : null, est.getLabelCol());
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("trained_by", "EmberClassifier");
            summary.put("epochs", result.epochs().size());
            summary.put("steps", result.steps());
            summary.put("train_loss", result.epochs().get(result.epochs().size() - 1).trainLoss());
            Model model = new Model(spec, result.params(), prep, "classification", data.labelNames(), summary);
            return new EmberClassificationModel(est.uid(), model);
        } finally {
            data.unpersist();
        }
    }

    static ModelConfig modelConfig(EmberClassifier est) {
        String act = est.getActivation();
        List<LayerConfig> hidden = new ArrayList<>();
        for (int units : est.getLayers()) {
            hidden.add(new LayerConfig.Dense(units, act, LayerConfig.defaultAlpha(act), true, "auto"));
        }
        return new ModelConfig("classification", hidden, LossConfig.defaults(), "auto", null);
    }

    private static Optimizer optimizer(EmberClassifier est) {
        try {
            return Optimizers.fromConfig(est.getOptimizer(), Map.of("lr", est.getStepSize()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("EmberClassifier optimizer '" + est.getOptimizer() + "' with stepSize "
                    + est.getStepSize() + " is not usable: " + e.getMessage(), e);
        }
    }
}
