// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.checkpoint.WarmStart;
import dev.ember.driver.config.ComputeConfig;
import dev.ember.driver.config.ConfigException;
import dev.ember.driver.config.DataConfig;
import dev.ember.driver.config.ModelConfig;
import dev.ember.driver.config.TrainingConfig;
import dev.ember.driver.data.PreparedData;
import dev.ember.driver.config.Task;
import dev.ember.driver.metrics.EarlyStopping;
import dev.ember.driver.model.Preprocessing;
import dev.ember.driver.optim.Optimizer;
import dev.ember.driver.state.Snapshots;
import dev.ember.driver.state.TrainState;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.Engine;
import dev.ember.kernels.BackendKind;
import dev.ember.worker.NetworkSpec;
import dev.ember.worker.StartTask;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * How one training run is set up, the same for the CLI ({@link TrainJob}) and the Spark ML
 * estimators ({@code ml.EmberFit}): the network built from the model config and the prepared
 * data, the micro-batch, steps per epoch, the optimiser and schedule, the preprocessing stored in
 * the model, and the resource check, which refuses a model that cannot fit before step 1. The same
 * config and data give bit-identical parameters on either path.
 */
public record RunPlan(NetworkSpec spec, Task task, int outputs, TrainingConfig training, int microBatch,
                      long stepsPerEpoch, Trainer.Settings settings, Preprocessing preprocessing) {

    /** The input columns a run's model reads, and whether their numeric features are standardised. */
    public record Columns(List<String> features, List<String> categorical, String label, boolean standardize) {
        public static Columns of(DataConfig data) {
            return new Columns(data.features(), data.categorical(), data.label(), data.standardize());
        }
    }

    /** The plan for training {@code model} with {@code training} on {@code data}; fails if the model cannot fit. */
    public static RunPlan of(SparkConf conf, ModelConfig model, TrainingConfig training, ComputeConfig compute,
            Columns columns, PreparedData data) {
        Task task = model.task();
        int outputs = task == Task.CLASSIFICATION ? data.numClasses() : task == Task.BINARY ? 1 : data.labelWidth();
        NetworkSpec spec = ModelBuilder.build(model, data.numericWidth(), data.cardinalities(), data.numClasses(),
                data.labelWidth());
        ResourceCheck.verify(conf, spec.layout().total(), data.train().getNumPartitions());
        int microBatch = microBatch(training);
        long stepsPerEpoch = Trainer.stepsPerEpoch(data.trainRows(), training.batchSize());
        ComputeSettings settings = new ComputeSettings(compute.backend(), compute.device(),
                compute.threads() == null ? 0 : compute.threads());
        Preprocessing preprocessing = new Preprocessing(columns.features(), columns.categorical(),
                data.cardinalities(), columns.standardize() ? data.standardizer().mean() : null,
                columns.standardize() ? data.standardizer().std() : null, columns.label());
        return new RunPlan(spec, task, outputs, training, microBatch, stepsPerEpoch,
                settings(training, stepsPerEpoch, microBatch, settings), preprocessing);
    }

    /** Rows per kernel call: {@code training.micro_batch}, or for auto the batch up to {@link Engine#DEFAULT_MICRO_BATCH}. */
    public static int microBatch(TrainingConfig training) {
        return training.microBatch() != null ? training.microBatch()
                : Math.min(training.batchSize(), Engine.DEFAULT_MICRO_BATCH);
    }

    private static Trainer.Settings settings(TrainingConfig tc, long stepsPerEpoch, int microBatch,
            ComputeSettings compute) {
        Optimizer optimizer = tc.optimizer().optimizer();
        EarlyStopping early = tc.earlyStopping() == null ? null
                : new EarlyStopping(tc.earlyStopping().metric(), tc.earlyStopping().patience(),
                        tc.earlyStopping().minDelta());
        return new Trainer.Settings(tc.epochs(), tc.batchSize(), microBatch, tc.seed(), optimizer,
                total -> tc.schedule().build(optimizer.lr(), total, stepsPerEpoch),
                tc.clipNorm(), early, tc.logEverySteps(), compute, UUID.randomUUID().toString());
    }

    public ComputeSettings compute() {
        return settings.compute();
    }

    /** This plan computing on {@code c}. */
    public RunPlan withCompute(ComputeSettings c) {
        return new RunPlan(spec, task, outputs, training, microBatch, stepsPerEpoch, settings.withCompute(c),
                preprocessing);
    }

    /**
     * The plan pinned to one backend, the backend's resolved id ({@code cpu}, {@code opencl:0}; null
     * when an explicit backend resolved differently on different executors), and what each kind of
     * executor said it runs on.
     */
    public record Started(RunPlan plan, String resolvedId, String executors) {}

    /**
     * Starts the compute backend on the executors (compiling kernels once, outside the step loop)
     * and pins every task of the run to one backend, so that no task's bits depend on a timing race
     * of its own JVM: under {@code compute.backend: auto}, the backend {@code recorded} by a resumed
     * checkpoint if there is one, else what the executors chose, or the CPU backend, which all of
     * them have, when their races disagreed. A recorded backend this run cannot start stops it.
     */
    public Started start(JavaSparkContext jsc, int partitions, String recorded, PrintStream log) {
        ComputeSettings configured = compute();
        boolean auto = configured.backend() == BackendKind.AUTO;
        ComputeSettings first = recorded != null && auto ? configured.pinnedTo(recorded) : configured;
        List<StartTask.Report> reports;
        try {
            reports = startTasks(jsc, first, partitions);
        } catch (RuntimeException e) {
            if (first == configured) {
                throw e;
            }
            throw new ConfigException("the checkpoint to resume was trained on backend " + recorded + ", which this"
                    + " run cannot start (" + firstLine(e) + "): set compute.backend to cpu or opencl to continue on"
                    + " another backend, which ends with other bits than an uninterrupted run", e);
        }
        TreeSet<String> ids = new TreeSet<>();
        reports.forEach(r -> ids.add(r.resolvedId()));
        String resolved = ids.size() == 1 ? ids.first() : auto ? "cpu" : null;
        if (ids.size() > 1) {
            log.println("compute: the executors resolved compute.backend " + configured.backend() + " to " + ids
                    + (auto ? ": every task trains on cpu, which all of them have" : ": each keeps its own"));
        }
        if (recorded != null && !recorded.equals(resolved)) {
            log.println("compute: the checkpoint's run trained on " + recorded + ", this one on " + resolved
                    + " (compute.backend: " + configured.backend() + "): it will not end bit-identical to an"
                    + " uninterrupted run");
        } else if (recorded != null) {
            log.println("compute: resuming on " + recorded + ", the backend the checkpoint's run was pinned to");
        }
        String executors = String.join("; ", reports.stream().map(StartTask.Report::description).distinct().toList());
        return new Started(resolved == null ? this : withCompute(configured.pinnedTo(resolved)), resolved, executors);
    }

    private List<StartTask.Report> startTasks(JavaSparkContext jsc, ComputeSettings compute, int partitions) {
        jsc.setJobDescription("Ember: start the compute backend on every executor");
        try {
            String json = spec.toJson();
            int rows = microBatch;
            List<Integer> slots = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                slots.add(i);
            }
            return jsc.parallelize(slots, partitions).map(i -> StartTask.run(json, compute, rows)).collect();
        } finally {
            jsc.setJobDescription(null);
        }
    }

    private static String firstLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Floats of optimiser state the run keeps (Adam: two per parameter). */
    public int optimizerStateSize() {
        return settings.optimizer().stateSize(spec.layout().total());
    }

    /** The parameters a fresh run starts from: seeded initialisation, then {@code init_from} or LSUV. */
    public float[] initialParams(JavaSparkContext jsc, PreparedData data, PrintStream out) {
        float[] params = new float[spec.layout().total()];
        spec.initialize(params, training.seed());
        if (training.initFrom() != null) {
            WarmStart.apply(training.initFrom(), training.initFromPartial(), spec, params, preprocessing,
                    jsc.hadoopConfiguration(), out);
            if (training.lsuv()) {
                out.println("training.lsuv skipped: the parameters come from training.init_from");
            }
        } else if (training.lsuv()) {
            Lsuv.apply(jsc, spec, params, data.train(), compute(), training.batchSize(), out);
        }
        return params;
    }

    /** Trains on {@code data} from {@code start}, offering {@code snapshots} the state after every step and epoch. */
    public Trainer.Result train(JavaSparkContext jsc, PreparedData data, TrainState start, Snapshots snapshots,
            PrintStream log) {
        return new Trainer(jsc, log).train(spec, start, data.train(), data.trainRows(), data.validation(), task,
                outputs, settings, snapshots);
    }
}
