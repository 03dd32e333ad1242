// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.config.Task;
import dev.ember.driver.metrics.EarlyStopping;
import dev.ember.driver.metrics.EvaluationResult;
import dev.ember.driver.metrics.MetricNames;
import dev.ember.driver.optim.GradientClipping;
import dev.ember.driver.optim.Optimizer;
import dev.ember.driver.optim.Schedule;
import dev.ember.driver.state.Best;
import dev.ember.driver.state.EarlyState;
import dev.ember.driver.state.EpochRecord;
import dev.ember.driver.state.Progress;
import dev.ember.driver.state.Snapshots;
import dev.ember.driver.state.TrainState;
import dev.ember.worker.Block;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.GradientSum;
import dev.ember.worker.NetworkSpec;
import dev.ember.worker.StepPlan;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The synchronous training loop on the driver.
 *
 * <pre>
 * for step s = 0 .. epochs·⌈N/B⌉ − 1:   epoch e = s / ⌈N/B⌉, batch t = s mod ⌈N/B⌉
 *   (g, L, W) = Σ over partitions of (Σᵣ wᵣ∇ℓᵣ, Σᵣ wᵣℓᵣ, Σᵣ wᵣ)  for the rows of batch t   [StepLoop]
 *   g ← g / W  (once, here: never divided by the number of partitions)
 *   stop if L/W or g is not finite (the parameters before the step are kept)
 *   g ← clip(g, clip_norm)
 *   θ ← optimiser(θ, g, lr(s))
 * after each epoch: validation metrics, early stopping (the best epoch's θ is kept)
 * </pre>
 * Per step the driver does O(parameters) work and never touches a row. A run starts from a
 * {@link TrainState}: a fresh one, or one read from a checkpoint; since every step is a pure function
 * of (θ, optimiser state, s, data, seed), continuing from step s gives the uninterrupted run's bits.
 */
public final class Trainer {

    /** What the loop needs, mapped from the job config by {@link RunPlan}. */
    public record Settings(int epochs, int batchSize, int microBatch, long seed, Optimizer optimizer,
                           LongFunction<Schedule> scheduleForTotalSteps, Double clipNorm, EarlyStopping earlyStopping,
                           int logEverySteps, ComputeSettings compute, String runId) {
        /** These settings computing on {@code c}. */
        public Settings withCompute(ComputeSettings c) {
            return new Settings(epochs, batchSize, microBatch, seed, optimizer, scheduleForTotalSteps, clipNorm,
                    earlyStopping, logEverySteps, c, runId);
        }
    }

    /** The trained parameters (the best epoch's when early stopping ran) and the history. */
    public record Result(float[] params, List<EpochRecord> epochs, int bestEpoch, long steps, long samples,
                         double wallSeconds, boolean stoppedEarly) {
        public double samplesPerSecond() {
            return wallSeconds > 0 ? samples / wallSeconds : 0;
        }
    }

    private final JavaSparkContext jsc;
    private final PrintStream log;

    public Trainer(JavaSparkContext jsc, PrintStream log) {
        this.jsc = jsc;
        this.log = log;
    }

    /** Steps in one epoch of {@code rows} training rows: the last batch may be short. */
    public static long stepsPerEpoch(long rows, int batchSize) {
        return (rows + batchSize - 1) / batchSize;
    }

    /** Trains {@code params} in place from their initial values, without checkpoints, and returns the result. */
    public Result train(NetworkSpec spec, float[] params, JavaRDD<Block> train, long trainRows,
            JavaRDD<Block> validation, Task task, int outputs, Settings s) {
        return train(spec, TrainState.fresh(params, s.optimizer().stateSize(params.length)), train, trainRows,
                validation, task, outputs, s, Snapshots.NONE);
    }

    /**
     * Trains {@code start.params()} in place from {@code start} (a fresh state or a resumed one) and
     * returns the result; {@code snapshots} is offered the state after every step and epoch.
     */
    public Result train(NetworkSpec spec, TrainState start, JavaRDD<Block> train, long trainRows,
            JavaRDD<Block> validation, Task task, int outputs, Settings s, Snapshots snapshots) {
        long stepsPerEpoch = stepsPerEpoch(trainRows, s.batchSize());
        long totalSteps = stepsPerEpoch * s.epochs();
        boolean restored = restoreEarlyStopping(start, s.earlyStopping());
        Run run = new Run(start, s.earlyStopping(), restored, new ProgressLog(log, totalSteps, s.epochs(),
                start.nextStep()));
        Context c = new Context(new StepLoop(jsc, train, spec.toJson(), s.compute()), spec.toJson(), validation, task,
                outputs, s, trainRows, stepsPerEpoch, totalSteps, s.scheduleForTotalSteps().apply(totalSteps),
                snapshots);
        for (int epoch = (int) (run.step / stepsPerEpoch); epoch < s.epochs() && !run.stopped; epoch++) {
            runEpoch(c, run, epoch);
        }
        float[] params = run.params;
        int bestEpoch = run.bestEpoch;
        if (run.bestParams != null) {
            System.arraycopy(run.bestParams, 0, params, 0, params.length);
        } else {
            bestEpoch = run.history.size();
        }
        return new Result(params, List.copyOf(run.history), bestEpoch, run.step, run.samples(), run.wallSeconds(),
                run.stopped);
    }

    /** What stays fixed during a run. */
    private record Context(StepLoop loop, String specJson, JavaRDD<Block> validation, Task task, int outputs,
                           Settings s, long trainRows, long stepsPerEpoch, long totalSteps, Schedule schedule,
                           Snapshots snapshots) {}

    /**
     * The loop's live state: the {@link TrainState} it started from, with the parameter and
     * optimiser arrays updated in place; {@link #snapshot} gives it back as a {@link TrainState}.
     */
    private static final class Run {
        final float[] params;
        final float[] optimizerState;
        final List<EpochRecord> history;
        final EarlyStopping early;
        final ProgressLog progress;
        final Progress before;
        long step;
        double lossSum;
        double weightSum;
        double epochSecondsBefore;
        double epochStart;
        float[] bestParams;
        int bestEpoch;
        boolean stopped;

        /** {@code restored}: the early-stopping state (and so the best epoch's parameters) carries over. */
        Run(TrainState st, EarlyStopping early, boolean restored, ProgressLog progress) {
            this.params = st.params();
            this.optimizerState = st.optimizerState();
            this.history = new ArrayList<>(st.history());
            this.progress = progress;
            this.before = st.progress();
            this.step = st.nextStep();
            this.lossSum = before.epochLossSum();
            this.weightSum = before.epochWeightSum();
            this.epochSecondsBefore = before.epochSeconds();
            this.early = early;
            this.bestParams = restored ? st.best().params() : null;
            this.bestEpoch = restored ? st.best().epoch() : -1;
            this.stopped = st.best().stopped();
        }

        long samples() {
            return before.samples() + progress.samples();
        }

        double wallSeconds() {
            return before.wallSeconds() + progress.elapsedSeconds();
        }

        double epochSeconds() {
            return epochSecondsBefore + progress.elapsedSeconds() - epochStart;
        }

        TrainState snapshot() {
            EarlyState e = early == null ? null : new EarlyState(early.metric(), early.bestEpoch(), early.best(),
                    early.epochsWithoutImprovement());
            return new TrainState(step, params, optimizerState, history,
                    new Progress(lossSum, weightSum, epochSeconds(), samples(), wallSeconds()),
                    new Best(e, bestParams, bestEpoch, stopped));
        }
    }

    /** Puts a resumed run's early-stopping state back if the metric is unchanged; says whether it did. */
    private boolean restoreEarlyStopping(TrainState start, EarlyStopping early) {
        EarlyState saved = start.best().early();
        if (early == null || saved == null) {
            return false;
        }
        if (!saved.metric().equals(early.metric())) {
            log.printf(Locale.ROOT, "early stopping now watches %s instead of %s: its history starts afresh%n",
                    early.metric(), saved.metric());
            return false;
        }
        early.restore(saved.bestEpoch(), saved.best(), saved.epochsWithoutImprovement());
        return true;
    }

    private void runEpoch(Context c, Run run, int epoch) {
        run.epochStart = run.progress.elapsedSeconds();
        for (long t = run.step - epoch * c.stepsPerEpoch(); t < c.stepsPerEpoch(); t++) {
            step(c, run, epoch, t);
            run.step++;
            if (t + 1 < c.stepsPerEpoch()) {
                c.snapshots().offer(run.step, false, run::snapshot);
            }
        }
        endEpoch(c, run, epoch);
        run.lossSum = 0;
        run.weightSum = 0;
        run.epochSecondsBefore = 0;
        run.epochStart = run.progress.elapsedSeconds();
        c.snapshots().offer(run.step, true, run::snapshot);
    }

    /** Step {@code run.step} (batch t of the epoch): sum the gradient, average and check it, update θ. */
    private void step(Context c, Run run, int epoch, long t) {
        Settings s = c.s();
        long step = run.step;
        StepPlan plan = new StepPlan(s.runId(), step, epoch, t, s.batchSize(), s.microBatch(), s.seed(),
                c.trainRows(), step);
        GradientSum.Node total = c.loop().step(run.params, plan,
                ProgressLog.jobDescription(epoch, s.epochs(), step, c.totalSteps()));
        float[] grad = averagedGradient(total, s.clipNorm(), epoch, step);
        if (grad == null) {
            return;   // every row of this batch has weight 0: nothing to learn from
        }
        double lr = c.schedule().lr(step);
        s.optimizer().step(run.params, grad, run.optimizerState, step + 1, (float) lr);
        run.lossSum += total.lossSum();
        run.weightSum += total.weightSum();
        run.progress.addSamples(total.rows());
        if (s.logEverySteps() > 0 && ((step + 1) % s.logEverySteps() == 0 || step + 1 == c.totalSteps())) {
            run.progress.line(epoch, step, total.lossSum() / total.weightSum(), lr);
        }
    }

    /**
     * The batch's gradient divided once by its total weight, checked finite (the NaN guard: the
     * parameters before the step are kept and the run stops) and clipped; {@code null} when the
     * batch carries no weight.
     */
    static float[] averagedGradient(GradientSum.Node total, Double clipNorm, int epoch, long step) {
        if (total.weightSum() <= 0 || total.grad() == null) {
            return null;
        }
        double loss = total.lossSum() / total.weightSum();
        float[] grad = total.grad();
        float f = (float) (1.0 / total.weightSum());
        for (int i = 0; i < grad.length; i++) {
            grad[i] *= f;
        }
        if (!Double.isFinite(loss) || !GradientClipping.allFinite(grad)) {
            throw new DivergedException(String.format(Locale.ROOT,
                    "training diverged at epoch %d step %d: the loss is %s; lower training.optimizer.lr"
                            + " or set training.clip_norm", epoch + 1, step + 1, loss));
        }
        if (clipNorm != null) {
            GradientClipping.clipByNorm(grad, clipNorm);
        }
        return grad;
    }

    private void endEpoch(Context c, Run run, int epoch) {
        Settings s = c.s();
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (c.validation() != null) {
            EvaluationResult r = Evaluator.evaluate(jsc, c.validation(), run.params, c.specJson(), s.compute(),
                    c.task(), c.outputs(), s.microBatch(), "Ember validation after epoch " + (epoch + 1));
            metrics.putAll(r.values());
        }
        double trainLoss = run.weightSum > 0 ? run.lossSum / run.weightSum : Double.NaN;
        EpochRecord record = new EpochRecord(epoch + 1, trainLoss, metrics, run.epochSeconds());
        run.history.add(record);
        log.println(epochLine(record, s.epochs()));
        if (run.early == null) {
            return;
        }
        EarlyStopping.Decision d = run.early.update(epoch + 1, metricFor(run.early.metric(), record));
        if (d.improved()) {
            run.bestParams = run.params.clone();
            run.bestEpoch = epoch + 1;
        }
        if (d.stop()) {
            log.printf(Locale.ROOT, "early stopping after epoch %d: %s has not improved for %d epochs;"
                    + " keeping epoch %d%n", epoch + 1, run.early.metric(), run.early.patience(), run.bestEpoch);
            run.stopped = true;
        }
    }

    private static Double metricFor(String metric, EpochRecord record) {
        if (record.validation().containsKey(metric)) {
            return record.validation().get(metric);
        }
        if (metric.equals(MetricNames.LOSS)) {
            return record.trainLoss();
        }
        throw new IllegalArgumentException("training.early_stopping.metric '" + metric
                + "' is not computed: it needs a validation set (data.validation) and one of "
                + record.validation().keySet());
    }

    static String epochLine(EpochRecord r, int epochs) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d done in %.1fs: train_loss %.4f",
                r.epoch(), epochs, r.seconds(), r.trainLoss()));
        r.validation().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  val_%s %.4f", k, v)));
        return sb.toString();
    }
}
