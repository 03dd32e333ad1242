// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.data.Task;
import dev.ember.driver.metrics.EarlyStopping;
import dev.ember.driver.metrics.EvaluationResult;
import dev.ember.driver.metrics.MetricNames;
import dev.ember.driver.optim.GradientClipping;
import dev.ember.driver.optim.Optimizer;
import dev.ember.driver.optim.Schedule;
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
import java.util.Objects;
import java.util.function.LongFunction;
import java.util.function.Supplier;
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
 * {@link State}: a fresh one, or one read from a checkpoint; since every step is a pure function of
 * (θ, optimiser state, s, data, seed), continuing from step s gives the uninterrupted run's bits.
 */
public final class Trainer {

    /** What the loop needs, mapped from the job config. */
    public record Settings(int epochs, int batchSize, int microBatch, long seed, Optimizer optimizer,
                           LongFunction<Schedule> scheduleForTotalSteps, Double clipNorm, EarlyStopping earlyStopping,
                           int logEverySteps, ComputeSettings compute, String runId) {}

    /** One epoch's figures (validation metrics empty without a validation set). */
    public record EpochRecord(int epoch, double trainLoss, Map<String, Double> validation, double seconds) {}

    /** The trained parameters (the best epoch's when early stopping ran) and the history. */
    public record Result(float[] params, List<EpochRecord> epochs, int bestEpoch, long steps, long samples,
                         double wallSeconds, boolean stoppedEarly) {
        public double samplesPerSecond() {
            return wallSeconds > 0 ? samples / wallSeconds : 0;
        }
    }

    /** Early stopping's whole state (see {@link EarlyStopping#restore}). */
    public record EarlyState(String metric, long bestEpoch, double best, int epochsWithoutImprovement) {}

    /**
     * Everything a run needs to continue exactly where it stopped; a checkpoint holds one. Taken
     * between steps: {@code nextStep} is the first step still to run (its epoch and batch follow
     * from it), the epoch's partial sums give the same train_loss as an uninterrupted epoch, and
     * at an epoch's end {@code history} already holds that epoch. {@code early}, {@code bestParams}
     * ({@code bestEpoch}'s parameters) are null without early stopping.
     */
    public record State(long nextStep, float[] params, float[] optimizerState, List<EpochRecord> history,
                        double epochLossSum, double epochWeightSum, double epochSeconds, long samples,
                        double wallSeconds, EarlyState early, float[] bestParams, int bestEpoch, boolean stopped) {
        public State {
            Objects.requireNonNull(params, "params");
            Objects.requireNonNull(optimizerState, "optimizerState");
            history = List.copyOf(history);
            if (nextStep < 0) {
                throw new IllegalArgumentException("nextStep must be >= 0, got " + nextStep);
            }
            if (bestParams != null && bestParams.length != params.length) {
                throw new IllegalArgumentException("best parameters hold " + bestParams.length + " values, the"
                        + " parameters " + params.length);
            }
        }

        /** The start of a run from initial parameters and a zero optimiser state. */
        public static State fresh(float[] params, int optimizerStateSize) {
            return new State(0, params, new float[optimizerStateSize], List.of(), 0, 0, 0, 0, 0, null, null, -1,
                    false);
        }
    }

    /**
     * Receives the chance to save the state after every step ({@code epochEnd} false: mid-epoch)
     * and after every epoch's validation and early stopping ({@code epochEnd} true). The supplied
     * state shares the live arrays: use it before returning.
     */
    public interface Snapshots {
        /** Keeps nothing: a run that cannot be resumed. */
        Snapshots NONE = (nextStep, epochEnd, state) -> { };

        void offer(long nextStep, boolean epochEnd, Supplier<State> state);
    }

    private final JavaSparkContext jsc;
    private final PrintStream log;

    public Trainer(JavaSparkContext jsc, PrintStream log) {
        this.jsc = jsc;
        this.log = log;
    }

    /** Trains {@code params} in place from their initial values, without checkpoints, and returns the result. */
    public Result train(NetworkSpec spec, float[] params, JavaRDD<Block> train, long trainRows,
            JavaRDD<Block> validation, Task task, int outputs, Settings s) {
        return train(spec, State.fresh(params, s.optimizer().stateSize(params.length)), train, trainRows, validation,
                task, outputs, s, Snapshots.NONE);
    }

    /**
     * Trains {@code start.params()} in place from {@code start} (a fresh state or a resumed one) and
     * returns the result; {@code snapshots} is offered the state after every step and epoch.
     */
    public Result train(NetworkSpec spec, State start, JavaRDD<Block> train, long trainRows,
            JavaRDD<Block> validation, Task task, int outputs, Settings s, Snapshots snapshots) {
        long stepsPerEpoch = (trainRows + s.batchSize() - 1) / s.batchSize();
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
        if (run.best != null) {
            System.arraycopy(run.best, 0, params, 0, params.length);
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

    /** The mutable state of the loop; {@link #snapshot} turns it into a {@link State}. */
    private static final class Run {
        final float[] params;
        final float[] optimizerState;
        final List<EpochRecord> history;
        final EarlyStopping early;
        final ProgressLog progress;
        final long samplesBefore;
        final double wallBefore;
        long step;
        double lossSum;
        double weightSum;
        double epochSecondsBefore;
        double epochStart;
        float[] best;
        int bestEpoch;
        boolean stopped;

        /** {@code restored}: the early-stopping state (and so the best epoch's parameters) carries over. */
        Run(State st, EarlyStopping early, boolean restored, ProgressLog progress) {
            this.params = st.params();
            this.optimizerState = st.optimizerState();
            this.history = new ArrayList<>(st.history());
            this.progress = progress;
            this.samplesBefore = st.samples();
            this.wallBefore = st.wallSeconds();
            this.step = st.nextStep();
            this.lossSum = st.epochLossSum();
            this.weightSum = st.epochWeightSum();
            this.epochSecondsBefore = st.epochSeconds();
            this.early = early;
            this.best = restored ? st.bestParams() : null;
            this.bestEpoch = restored ? st.bestEpoch() : -1;
            this.stopped = st.stopped();
        }

        long samples() {
            return samplesBefore + progress.samples();
        }

        double wallSeconds() {
            return wallBefore + progress.elapsedSeconds();
        }

        double epochSeconds() {
            return epochSecondsBefore + progress.elapsedSeconds() - epochStart;
        }

        State snapshot() {
            EarlyState e = early == null ? null : new EarlyState(early.metric(), early.bestEpoch(), early.best(),
                    early.epochsWithoutImprovement());
            return new State(step, params, optimizerState, history, lossSum, weightSum, epochSeconds(), samples(),
                    wallSeconds(), e, best, bestEpoch, stopped);
        }
    }

    /** Puts a resumed run's early-stopping state back if the metric is unchanged; says whether it did. */
    private boolean restoreEarlyStopping(State start, EarlyStopping early) {
        EarlyState saved = start.early();
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

    private void step(Context c, Run run, int epoch, long t) {
        Settings s = c.s();
        long step = run.step;
        StepPlan plan = new StepPlan(s.runId(), step, epoch, t, s.batchSize(), s.microBatch(), s.seed(),
                c.trainRows(), step);
        GradientSum.Node total = c.loop().step(run.params, plan,
                ProgressLog.jobDescription(epoch, s.epochs(), step, c.totalSteps()));
        if (total.weightSum() <= 0 || total.grad() == null) {
            return;   // every row of this batch has weight 0: nothing to learn from
        }
        double loss = total.lossSum() / total.weightSum();
        float[] grad = total.grad();
        scale(grad, (float) (1.0 / total.weightSum()));
        if (!Double.isFinite(loss) || !GradientClipping.allFinite(grad)) {
            throw new DivergedException(String.format(Locale.ROOT,
                    "training diverged at epoch %d step %d: the loss is %s; lower training.optimizer.lr"
                            + " or set training.clip_norm", epoch + 1, step + 1, loss));
        }
        if (s.clipNorm() != null) {
            GradientClipping.clipByNorm(grad, s.clipNorm());
        }
        double lr = c.schedule().lr(step);
        s.optimizer().step(run.params, grad, run.optimizerState, step + 1, (float) lr);
        run.lossSum += total.lossSum();
        run.weightSum += total.weightSum();
        run.progress.addSamples(total.rows());
        if (s.logEverySteps() > 0 && ((step + 1) % s.logEverySteps() == 0 || step + 1 == c.totalSteps())) {
            run.progress.line(epoch, step, loss, lr);
        }
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
            run.best = run.params.clone();
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

    private static void scale(float[] g, float f) {
        for (int i = 0; i < g.length; i++) {
            g[i] *= f;
        }
    }
}
