// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import dev.ember.driver.RunPlan;
import dev.ember.driver.Trainer;
import dev.ember.driver.config.ComputeConfig;
import dev.ember.driver.config.ConfigException;
import dev.ember.driver.config.LayerConfig;
import dev.ember.driver.config.LossConfig;
import dev.ember.driver.config.ModelConfig;
import dev.ember.driver.config.OptimizerConfig;
import dev.ember.driver.config.ScheduleConfig;
import dev.ember.driver.config.TrainingConfig;
import dev.ember.driver.data.ColumnSpec;
import dev.ember.driver.data.DataPreparer;
import dev.ember.driver.data.PreparedData;
import dev.ember.driver.config.Task;
import dev.ember.driver.model.Model;
import dev.ember.driver.state.Snapshots;
import dev.ember.driver.state.TrainState;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * One fit of an Ember estimator: the params become Ember's model and training configs, the
 * DataFrame is packed into cached blocks by {@link DataPreparer} (all rows train: no validation
 * split), and the run goes through the same {@link RunPlan} as {@code ember train} (the network,
 * the micro-batch, the schedule, the resource check); the stage wraps the trained {@link Model}.
 */
final class EmberFit {
    private EmberFit() {}

    /** Trains an Ember model of {@code task} ({@code classification} or {@code regression}) on {@code df}. */
    static Model train(HasTrainingParams<?> est, String featuresCol, String labelCol, Dataset<Row> df, Task task,
            LossConfig loss, String trainedBy) {
        ModelConfig modelConfig = modelConfig(est, task, loss);
        TrainingConfig training = trainingConfig(est);
        ColumnSpec columns = new ColumnSpec(List.of(featuresCol), List.of(), labelCol, est.getWeightCol(),
                task, null, null);
        PreparedData data = DataPreparer.prepare(df, null, columns, new DataPreparer.Options(0, est.getSeed(),
                est.getStandardization(), null, StorageLevel.MEMORY_AND_DISK()));
        try {
            RunPlan plan = RunPlan.of(df.sparkSession().sparkContext().conf(), modelConfig, training,
                    ComputeConfig.defaults(), new RunPlan.Columns(List.of(featuresCol), List.of(), labelCol,
                            est.getStandardization()), data);
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            plan = plan.start(jsc, data.train().getNumPartitions(), null, quiet).plan();
            float[] params = plan.initialParams(jsc, data, quiet);
            Trainer.Result result = plan.train(jsc, data, TrainState.fresh(params, plan.optimizerStateSize()),
                    Snapshots.NONE, quiet);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("trained_by", trainedBy);
            summary.put("epochs", result.epochs().size());
            summary.put("steps", result.steps());
            summary.put("train_loss", result.epochs().get(result.epochs().size() - 1).trainLoss());
            return new Model(plan.spec(), result.params(), plan.preprocessing(), task, data.labelNames(), summary);
        } finally {
            data.unpersist();
        }
    }

    static ModelConfig modelConfig(HasTrainingParams<?> est, Task task, LossConfig loss) {
        String act = est.getActivation();
        List<LayerConfig> hidden = new ArrayList<>();
        for (int units : est.getLayers()) {
            hidden.add(new LayerConfig.Dense(units, act, LayerConfig.defaultAlpha(act), true, "auto"));
        }
        return new ModelConfig(task, hidden, loss, "auto", null);
    }

    /**
     * The estimator's params as the {@code training} section they stand for: maxIter epochs of
     * batchSize rows, the optimiser at stepSize, a constant rate, no clipping, checkpoints or logging.
     */
    static TrainingConfig trainingConfig(HasTrainingParams<?> est) {
        OptimizerConfig optimizer;
        try {
            optimizer = OptimizerConfig.of(est.getOptimizer(), est.getStepSize());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("optimizer '" + est.getOptimizer() + "' with stepSize "
                    + est.getStepSize() + " is not usable: " + e.getMessage(), e);
        }
        TrainingConfig d = TrainingConfig.defaults();
        return new TrainingConfig(est.getMaxIter(), est.getBatchSize(), est.getSeed(), optimizer,
                ScheduleConfig.defaults(), null, null, null, Integer.MAX_VALUE, false, null, d.resume(),
                d.resumeExact(), null, false);
    }
}
