// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.state.TrainState;
import dev.ember.driver.checkpoint.RunCheckpoints;
import dev.ember.driver.checkpoint.RunIdentity;
import dev.ember.driver.checkpoint.WarmStart;
import dev.ember.driver.config.CheckpointConfig;
import dev.ember.driver.config.DataConfig;
import dev.ember.driver.config.JobConfig;
import dev.ember.driver.config.TrainingConfig;
import dev.ember.driver.data.ColumnSpec;
import dev.ember.driver.data.DataPreparer;
import dev.ember.driver.data.PreparedData;
import dev.ember.driver.data.ScoringData;
import dev.ember.driver.config.Task;
import dev.ember.driver.metrics.EarlyStopping;
import dev.ember.driver.metrics.EvaluationResult;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.Preprocessing;
import dev.ember.driver.optim.Optimizer;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.NetworkSpec;
import dev.ember.worker.StartTask;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code train} job: read and check the data, build the network, start (afresh, from
 * {@code training.init_from}, or from a checkpoint: see {@link RunCheckpoints}), train, evaluate on
 * the test set, and write the model folder ({@code model.json}, {@code params.f32},
 * {@code metrics.json}, {@code report.png}) into place only when everything succeeded; then the
 * run's checkpoints are deleted. A failure at any point leaves the previous output untouched.
 */
public final class TrainJob {
    private TrainJob() {}

    /** What a finished run produced. */
    public record Outcome(Path output, Model model, Map<String, Object> metrics) {}

    public static Outcome run(SparkSession spark, JobConfig cfg, PrintStream out) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        OutputFolder output = OutputFolder.prepare(cfg.output(), cfg.outputMode(), inputs(cfg),
                jsc.hadoopConfiguration(), out);
        TrainingConfig tc = cfg.training();
        jsc.setJobDescription("Ember: read, check and pack the training data");
        PreparedData data;
        try {
            data = DataPreparer.prepare(spark, cfg.data(), cfg.model().task(), tc.seed());
        } finally {
            jsc.setJobDescription(null);
        }
        try {
            TestSet testSet = TestSet.open(spark, cfg.data(), cfg.model().task(), data);
            RunPlan plan = RunPlan.of(spark.sparkContext().conf(), cfg.model(), tc, cfg.compute(),
                    RunPlan.Columns.of(cfg.data()), data);
            NetworkSpec spec = plan.spec();
            RunIdentity identity = RunIdentity.of(spec, data, tc, plan.microBatch(), plan.optimizerStateSize());
            try (RunCheckpoints checkpoints = RunCheckpoints.open(tc, cfg.output(), identity, plan.stepsPerEpoch(),
                    jsc.hadoopConfiguration(), out)) {
                RunPlan.Started started = plan.start(jsc, data.train().getNumPartitions(),
                        checkpoints.recordedBackend(), out);
                plan = started.plan();
                String executors = started.executors();
                if (started.resolvedId() != null) {
                    checkpoints.recordBackend(started.resolvedId());
                }
                out.printf(Locale.ROOT, "Ember: %d training rows, %d validation rows, %d parameters, %d partitions,"
                        + " %s%n", data.trainRows(), data.validationRows(), spec.layout().total(),
                        data.train().getNumPartitions(), executors);
                TrainState start = checkpoints.resumed() != null ? checkpoints.resumed()
                        : TrainState.fresh(plan.initialParams(jsc, data, out), plan.optimizerStateSize());
                Trainer.Result result = plan.train(jsc, data, start, checkpoints, out);
                Outcome outcome = finish(jsc, data, testSet, plan, result, executors, output, out);
                checkpoints.finished();
                return outcome;
            }
        } finally {
            // Later jobs of the same session must not carry the last step's description.
            jsc.setJobDescription(null);
            output.abandon();
            data.unpersist();
        }
    }

    /** The paths the run reads or keeps, by config key: the output may be none of them, nor hold one. */
    static Map<String, String> inputs(JobConfig cfg) {
        Map<String, String> in = new LinkedHashMap<>();
        DataConfig d = cfg.data();
        if (!d.format().equals("table")) {
            in.put("data.train", d.train());
            if (d.validationPath() != null) {
                in.put("data.validation", d.validationPath());
            }
            if (d.test() != null) {
                in.put("data.test", d.test());
            }
        }
        CheckpointConfig ck = cfg.training().checkpoint();
        if (ck != null && ck.dir() != null) {
            in.put("training.checkpoint.dir", ck.dir());
        }
        return in;
    }

    /** Evaluates on the test set and moves the model, metrics.json and report.png into place. */
    private static Outcome finish(JavaSparkContext jsc, PreparedData data, TestSet testSet, RunPlan plan,
            Trainer.Result result, String executors, OutputFolder output, PrintStream out) throws IOException {
        Task task = plan.task();
        float[] params = result.params();
        requireFinite(params);
        Map<String, Double> test = testSet == null ? Map.of() : testSet.evaluate(jsc, plan, data, params);
        Map<String, Object> metrics = MetricsReport.metrics(task, result, test, executors, plan.spec());
        Model model = new Model(plan.spec(), params, plan.preprocessing(), task,
                data.labelNames(), MetricsReport.summary(metrics));
        Path finalPath = output.commit(model, metrics, MetricsReport.reportPng(result, task));
        if (!test.isEmpty()) {
            out.println("test: " + MetricsReport.format(test));
        }
        out.println("model, metrics.json and report.png written to " + finalPath);
        return new Outcome(finalPath, model, metrics);
    }

    /**
     * The NaN guard of the last step: a step checks the gradient it applies, not what the update
     * makes of the parameters, so an update that overflows them would otherwise be written.
     */
    static void requireFinite(float[] params) {
        int bad = 0;
        for (float p : params) {
            if (!Float.isFinite(p)) {
                bad++;
            }
        }
        if (bad > 0) {
            throw new DivergedException(String.format(Locale.ROOT, "training diverged: %d of the %d trained"
                    + " parameters are NaN or infinite after the last update, so no model was written; lower"
                    + " training.optimizer.lr or set training.clip_norm", bad, params.length));
        }
    }

    /**
     * {@code data.test}, read and its columns checked before training (a missing or mistyped test
     * set fails at once, not after the last epoch), evaluated once the model is trained.
     */
    private record TestSet(Dataset<Row> rows, ColumnSpec columns, DataConfig dc) {
        static TestSet open(SparkSession spark, DataConfig dc, Task task, PreparedData data) {
            Dataset<Row> testDf = DataPreparer.readTest(spark, dc);
            if (testDf == null) {
                return null;
            }
            ColumnSpec columns = new ColumnSpec(dc.features(), dc.categorical(), dc.label(), dc.weight(), task,
                    task == Task.CLASSIFICATION ? data.numClasses() : null, data.labelNames().isEmpty() ? null
                            : data.labelNames());
            DataPreparer.checkColumns(testDf, columns, "test");
            return new TestSet(testDf, columns, dc);
        }

        Map<String, Double> evaluate(JavaSparkContext jsc, RunPlan plan, PreparedData data, float[] params) {
            ScoringData test = DataPreparer.prepareForPrediction(rows, columns, data.standardizer(),
                    data.cardinalities(), dc.partitions());
            try {
                EvaluationResult r = Evaluator.evaluate(jsc, test.blocks(), params, plan.spec().toJson(),
                        plan.compute(), plan.task(), plan.outputs(), plan.microBatch(), "Ember test evaluation");
                Map<String, Double> m = new LinkedHashMap<>();
                r.values().forEach((k, v) -> m.put("test_" + k, v));
                return m;
            } finally {
                test.unpersist();
            }
        }
    }
}
