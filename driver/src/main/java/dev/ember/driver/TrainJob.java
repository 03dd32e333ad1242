// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.checkpoint.RunCheckpoints;
import dev.ember.driver.checkpoint.RunIdentity;
import dev.ember.driver.checkpoint.WarmStart;
import dev.ember.driver.config.DataConfig;
import dev.ember.driver.config.JobConfig;
import dev.ember.driver.config.TrainingConfig;
import dev.ember.driver.data.ColumnSpec;
import dev.ember.driver.data.DataPreparer;
import dev.ember.driver.data.PreparedData;
import dev.ember.driver.data.ScoringData;
import dev.ember.driver.data.Task;
import dev.ember.driver.metrics.EarlyStopping;
import dev.ember.driver.metrics.EvaluationResult;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.Preprocessing;
import dev.ember.driver.optim.Optimizer;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.Engine;
import dev.ember.worker.NetworkSpec;
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
        OutputFolder output = OutputFolder.prepare(cfg.output(), cfg.outputMode(), jsc.hadoopConfiguration());
        TrainingConfig tc = cfg.training();
        Task task = Task.of(cfg.model().task());
        jsc.setJobDescription("Ember: read, check and pack the training data");
        PreparedData data;
        try {
            data = DataPreparer.prepare(spark, cfg.data(), cfg.model().task(), tc.seed());
        } finally {
            jsc.setJobDescription(null);
        }
        try {
            int outputs = task == Task.CLASSIFICATION ? data.numClasses()
                    : task == Task.BINARY ? 1 : data.labelWidth();
            NetworkSpec spec = ModelBuilder.build(cfg.model(), data.numericWidth(), data.cardinalities(),
                    data.numClasses(), data.labelWidth());
            int microBatch = tc.microBatch() != null ? tc.microBatch() : Math.min(tc.batchSize(), 512);
            ComputeSettings compute = new ComputeSettings(cfg.compute().backend(), cfg.compute().device(),
                    cfg.compute().threads() == null ? 0 : cfg.compute().threads());
            ResourceCheck.verify(spark.sparkContext().conf(), spec.layout().total(), data.train().getNumPartitions());
            String executors = describeExecutors(jsc, spec, compute, microBatch, data.train().getNumPartitions());
            out.printf(Locale.ROOT, "Ember: %d training rows, %d validation rows, %d parameters, %d partitions, %s%n",
                    data.trainRows(), data.validationRows(), spec.layout().total(), data.train().getNumPartitions(),
                    executors);
            Trainer.Settings settings = settings(tc, data, microBatch, compute);
            long stepsPerEpoch = (data.trainRows() + tc.batchSize() - 1) / tc.batchSize();
            int stateSize = settings.optimizer().stateSize(spec.layout().total());
            RunIdentity identity = RunIdentity.of(spec, data, tc, microBatch, stateSize);
            try (RunCheckpoints checkpoints = RunCheckpoints.open(tc, cfg.output(), identity, stepsPerEpoch,
                    jsc.hadoopConfiguration(), out)) {
                Trainer.State start = checkpoints.resumed() != null ? checkpoints.resumed()
                        : Trainer.State.fresh(initialParams(jsc, cfg, spec, data, compute, out), stateSize);
                Trainer.Result result = new Trainer(jsc, out).train(spec, start, data.train(), data.trainRows(),
                        data.validation(), task, outputs, settings, checkpoints);
                Outcome outcome = finish(spark, jsc, cfg, data, spec, result, compute, microBatch, executors, output,
                        out);
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

    /** Evaluates on the test set and moves the model, metrics.json and report.png into place. */
    private static Outcome finish(SparkSession spark, JavaSparkContext jsc, JobConfig cfg, PreparedData data,
            NetworkSpec spec, Trainer.Result result, ComputeSettings compute, int microBatch, String executors,
            OutputFolder output, PrintStream out) throws IOException {
        Task task = Task.of(cfg.model().task());
        float[] params = result.params();
        Map<String, Double> test = evaluateTest(spark, jsc, cfg.data(), task, data, spec, params, compute, microBatch);
        Map<String, Object> metrics = MetricsReport.metrics(task, result, test, executors, spec);
        Model model = new Model(spec, params, preprocessing(cfg.data(), data), task.name().toLowerCase(Locale.ROOT),
                data.labelNames(), MetricsReport.summary(metrics));
        Path finalPath = output.commit(model, metrics, MetricsReport.reportPng(result, task));
        if (!test.isEmpty()) {
            out.println("test: " + MetricsReport.format(test));
        }
        out.println("model, metrics.json and report.png written to " + finalPath);
        return new Outcome(finalPath, model, metrics);
    }

    /** The parameters a fresh run starts from: seeded initialisation, then init_from or LSUV. */
    private static float[] initialParams(JavaSparkContext jsc, JobConfig cfg, NetworkSpec spec, PreparedData data,
            ComputeSettings compute, PrintStream out) {
        TrainingConfig tc = cfg.training();
        float[] params = new float[spec.layout().total()];
        spec.initialize(params, tc.seed());
        if (tc.initFrom() != null) {
            WarmStart.apply(tc.initFrom(), tc.initFromPartial(), spec, params, preprocessing(cfg.data(), data),
                    jsc.hadoopConfiguration(), out);
            if (tc.lsuv()) {
                out.println("training.lsuv skipped: the parameters come from training.init_from");
            }
        } else if (tc.lsuv()) {
            Lsuv.apply(jsc, spec, params, data.train(), compute, tc.batchSize(), out);
        }
        return params;
    }

    static Trainer.Settings settings(TrainingConfig tc, PreparedData data, int microBatch, ComputeSettings compute) {
        Optimizer optimizer = tc.optimizer().optimizer();
        long stepsPerEpoch = (data.trainRows() + tc.batchSize() - 1) / tc.batchSize();
        EarlyStopping early = tc.earlyStopping() == null ? null
                : new EarlyStopping(tc.earlyStopping().metric(), tc.earlyStopping().patience(),
                        tc.earlyStopping().minDelta());
        String runId = UUID.randomUUID().toString();
        return new Trainer.Settings(tc.epochs(), tc.batchSize(), microBatch, tc.seed(), optimizer,
                total -> tc.schedule().build(optimizer.lr(), total, stepsPerEpoch),
                tc.clipNorm(), early, tc.logEverySteps(), compute, runId);
    }

    /** Creates each executor's backend before the first step (compiling kernels once) and names it. */
    static String describeExecutors(JavaSparkContext jsc, NetworkSpec spec, ComputeSettings compute, int microBatch,
            int partitions) {
        jsc.setJobDescription("Ember: start the compute backend on every executor");
        String json = spec.toJson();
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            slots.add(i);
        }
        List<String> seen = jsc.parallelize(slots, partitions).map(i -> {
            try (Engine.Worker w = Engine.get().acquire(Engine.get().spec(json), compute, microBatch)) {
                return "backend " + w.backend().name() + " on " + w.backend().device();
            }
        }).distinct().collect();
        return String.join("; ", seen);
    }

    private static Map<String, Double> evaluateTest(SparkSession spark, JavaSparkContext jsc, DataConfig dc, Task task,
            PreparedData data, NetworkSpec spec, float[] params, ComputeSettings compute, int microBatch) {
        Dataset<Row> testDf = DataPreparer.readTest(spark, dc);
        if (testDf == null) {
            return Map.of();
        }
        ColumnSpec columns = new ColumnSpec(dc.features(), dc.categorical(), dc.label(), dc.weight(), task,
                task == Task.CLASSIFICATION ? data.numClasses() : null, data.labelNames().isEmpty() ? null
                        : data.labelNames());
        ScoringData test = DataPreparer.prepareForPrediction(testDf, columns, data.standardizer(),
                data.cardinalities(), dc.partitions());
        try {
            int outputs = task == Task.CLASSIFICATION ? data.numClasses() : task == Task.BINARY ? 1 : data.labelWidth();
            EvaluationResult r = Evaluator.evaluate(jsc, test.blocks(), params, spec.toJson(), compute, task, outputs,
                    microBatch, "Ember test evaluation");
            Map<String, Double> m = new LinkedHashMap<>();
            r.values().forEach((k, v) -> m.put("test_" + k, v));
            return m;
        } finally {
            test.unpersist();
        }
    }

    static Preprocessing preprocessing(DataConfig dc, PreparedData data) {
        boolean standardized = dc.standardize();
        return new Preprocessing(dc.features(), dc.categorical(), data.cardinalities(),
                standardized ? data.standardizer().mean() : null, standardized ? data.standardizer().std() : null,
                dc.label());
    }
}
