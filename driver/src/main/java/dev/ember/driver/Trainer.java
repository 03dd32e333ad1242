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
 * Per step the driver does O(parameters) work and never touches a row.
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

    private final JavaSparkContext jsc;
    private final PrintStream log;

    public Trainer(JavaSparkContext jsc, PrintStream log) {
        this.jsc = jsc;
        this.log = log;
    }

    /** Trains {@code params} in place from their initial values and returns the result. */
    public Result train(NetworkSpec spec, float[] params, JavaRDD<Block> train, long trainRows,
            JavaRDD<Block> validation, Task task, int outputs, Settings s) {
        String specJson = spec.toJson();
        StepLoop loop = new StepLoop(jsc, train, specJson, s.compute());
        long stepsPerEpoch = (trainRows + s.batchSize() - 1) / s.batchSize();
        long totalSteps = stepsPerEpoch * s.epochs();
        Schedule schedule = s.scheduleForTotalSteps().apply(totalSteps);
        Optimizer optimizer = s.optimizer();
        float[] state = new float[optimizer.stateSize(params.length)];
        float[] best = null;
        int bestEpoch = -1;
        boolean stopped = false;
        List<EpochRecord> history = new ArrayList<>();
        ProgressLog progress = new ProgressLog(log, totalSteps, s.epochs());
        long step = 0;
        for (int epoch = 0; epoch < s.epochs() && !stopped; epoch++) {
            double epochStart = progress.elapsedSeconds();
            double lossSum = 0;
            double weightSum = 0;
            for (long t = 0; t < stepsPerEpoch; t++, step++) {
                StepPlan plan = new StepPlan(s.runId(), step, epoch, t, s.batchSize(), s.microBatch(), s.seed(),
                        trainRows, step);
                GradientSum.Node total = loop.step(params, plan,
                        ProgressLog.jobDescription(epoch, s.epochs(), step, totalSteps));
                if (total.weightSum() <= 0 || total.grad() == null) {
                    continue;   // every row of this batch has weight 0: nothing to learn from
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
                double lr = schedule.lr(step);
                optimizer.step(params, grad, state, step + 1, (float) lr);
                lossSum += total.lossSum();
                weightSum += total.weightSum();
                progress.addSamples(total.rows());
                if (s.logEverySteps() > 0 && ((step + 1) % s.logEverySteps() == 0 || step + 1 == totalSteps)) {
                    progress.line(epoch, step, loss, lr);
                }
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (validation != null) {
                EvaluationResult r = Evaluator.evaluate(jsc, validation, params, specJson, s.compute(), task,
                        outputs, s.microBatch(), "Ember validation after epoch " + (epoch + 1));
                metrics.putAll(r.values());
            }
            double trainLoss = weightSum > 0 ? lossSum / weightSum : Double.NaN;
            EpochRecord record = new EpochRecord(epoch + 1, trainLoss, metrics,
                    progress.elapsedSeconds() - epochStart);
            history.add(record);
            log.println(epochLine(record, s.epochs()));
            if (s.earlyStopping() != null) {
                Double value = metricFor(s.earlyStopping().metric(), record);
                EarlyStopping.Decision d = s.earlyStopping().update(epoch + 1, value);
                if (d.improved()) {
                    best = params.clone();
                    bestEpoch = epoch + 1;
                }
                if (d.stop()) {
                    log.printf(Locale.ROOT, "early stopping after epoch %d: %s has not improved for %d epochs;"
                            + " keeping epoch %d%n", epoch + 1, s.earlyStopping().metric(),
                            s.earlyStopping().patience(), bestEpoch);
                    stopped = true;
                }
            }
        }
        if (best != null) {
            System.arraycopy(best, 0, params, 0, params.length);
        } else {
            bestEpoch = history.size();
        }
        return new Result(params, history, bestEpoch, step, progress.samples(), progress.elapsedSeconds(), stopped);
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
