// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Spark MLlib's {@link MultilayerPerceptronClassifier} on Fashion-MNIST with Ember's shape
 * (784-256-128-10; MLlib's hidden layers are sigmoid, its output softmax). Inputs are standardised
 * with MLlib's {@link StandardScaler} fitted on the training rows (as Ember standardises), cached.
 *
 * <p>MLlib gives no per-iteration callback, so accuracy after k iterations is measured by a fresh
 * fit with {@code maxIter = k} from the same seed: every such fit is exactly the first k iterations of
 * a longer one, and its wall time is the time to get there (including MLlib's own stacking of rows
 * into blocks at the start of every fit). The ladder of k stops at the first k that reaches the
 * goal accuracy, which bisection then narrows, or before a fit that would exceed the time budget.
 */
final class MllibMlp {
    /** One fit: iterations asked, wall seconds of {@code fit}, test accuracy, iterations MLlib reports. */
    record Fit(int maxIter, double seconds, double accuracy, int iterations) {}

    /** The ladder of one solver, its fits in order of maxIter, and why it stopped. */
    record Ladder(String solver, List<Fit> fits, String stop) {
        Ladder {
            fits = fits.stream().sorted(Comparator.comparingInt(Fit::maxIter)).toList();
        }

        /** The fit with the fewest iterations at or above {@code goal}, or null. */
        Fit first(double goal) {
            return firstAtLeast(fits, goal);
        }
    }

    /** Bisection stops when the gap between a miss and a hit is at most 1/this of the hit's iterations. */
    static final int BISECT_RESOLUTION = 15;

    private final Dataset<Row> train;
    private final Dataset<Row> test;
    final long trainRows;

    private MllibMlp(Dataset<Row> train, Dataset<Row> test) {
        this.train = train;
        this.test = test;
        this.trainRows = train.count();
        test.count();
    }

    static MllibMlp prepare(SparkSession spark, int trainLimit, int testLimit, int partitions) {
        Dataset<Row> rawTrain = FashionMnist.read(spark, false, trainLimit, partitions).repartition(partitions);
        Dataset<Row> rawTest = FashionMnist.read(spark, true, testLimit, partitions).repartition(partitions);
        StandardScalerModel scaler = new StandardScaler().setInputCol("features").setOutputCol("scaled")
                .setWithMean(true).setWithStd(true).fit(rawTrain);
        Dataset<Row> train = scaler.transform(rawTrain).select("scaled", "label").persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> test = scaler.transform(rawTest).select("scaled", "label").persist(StorageLevel.MEMORY_AND_DISK());
        return new MllibMlp(train, test);
    }

    Fit fit(String solver, int maxIter) {
        MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier()
                .setLayers(new int[] {784, 256, 128, 10})
                .setBlockSize(FashionMnist.BATCH)
                .setSolver(solver)
                .setMaxIter(maxIter)
                .setTol(0.0)
                .setSeed(FashionMnist.SEED)
                .setFeaturesCol("scaled")
                .setLabelCol("label");
        long t0 = System.nanoTime();
        MultilayerPerceptronClassificationModel model = mlp.fit(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").setLabelCol("label")
                .evaluate(model.transform(test));
        return new Fit(maxIter, seconds, accuracy, model.summary().totalIterations());
    }

    /**
     * Fits at each rung in turn until one reaches {@code goal} (after {@code required}) or the budget
     * ends; a rung that reaches it is then narrowed by bisecting between it and the rung before.
     */
    Ladder ladder(BenchContext ctx, String solver, int[] rungs, int required, double goal, double budgetSeconds) {
        List<Fit> fits = new ArrayList<>();
        double[] spent = {0};
        for (int k : rungs) {
            Fit last = fits.isEmpty() ? null : fits.get(fits.size() - 1);
            if (k > required && last != null && last.accuracy() >= goal) {
                break;
            }
            String stop = overBudget(fits, k, required, spent[0], budgetSeconds);
            if (stop != null) {
                return new Ladder(solver, fits, stop);
            }
            fits.add(fitLogged(ctx, solver, k, spent));
        }
        Fit hit = firstAtLeast(fits, goal);
        if (hit == null) {
            return new Ladder(solver, fits, "ladder ended at maxIter " + rungs[rungs.length - 1]);
        }
        int miss = fits.stream().filter(f -> f.maxIter() < hit.maxIter()).mapToInt(Fit::maxIter).max().orElse(0);
        int high = hit.maxIter();
        while (high - miss > Math.max(1, high / BISECT_RESOLUTION)) {
            int mid = (miss + high) / 2;
            String stop = overBudget(fits, mid, 0, spent[0], budgetSeconds);
            if (stop != null) {
                return new Ladder(solver, fits, "reached " + Fmt.percent(goal) + "; bisection " + stop);
            }
            Fit f = fitLogged(ctx, solver, mid, spent);
            fits.add(f);
            if (f.accuracy() >= goal) {
                high = mid;
            } else {
                miss = mid;
            }
        }
        return new Ladder(solver, fits, String.format(Locale.ROOT, "reached %s between %d and %d iterations",
                Fmt.percent(goal), miss, high));
    }

    /** The first of {@code fits} (in maxIter order) at or above {@code goal}, or null. */
    private static Fit firstAtLeast(List<Fit> fits, double goal) {
        return fits.stream().filter(f -> f.accuracy() >= goal).findFirst().orElse(null);
    }

    private Fit fitLogged(BenchContext ctx, String solver, int k, double[] spent) {
        Fit f = fit(solver, k);
        ctx.log("mllib %s maxIter %d: %.1f s, test accuracy %.4f (%d iterations)", solver, k, f.seconds(),
                f.accuracy(), f.iterations());
        spent[0] += f.seconds();
        return f;
    }

    /** Why a {@code k}-iteration fit would pass the budget, or null if it fits (or is required). */
    private static String overBudget(List<Fit> fits, int k, int required, double spent, double budgetSeconds) {
        double predicted = predict(fits, k);
        if (k <= required || spent + predicted <= budgetSeconds) {
            return null;
        }
        return String.format(Locale.ROOT, "capped: a %d-iteration fit (about %s s) would pass the %s s budget", k,
                Fmt.num(predicted), Fmt.num(budgetSeconds));
    }

    /**
     * Seconds per iteration from the widest pair of fits (the fixed cost of a fit cancels); when load
     * noise makes that difference meaningless (not positive), the longest fit's seconds / iterations.
     */
    static double secondsPerIteration(List<Fit> fits) {
        if (fits.isEmpty()) {
            return Double.NaN;
        }
        Fit a = fits.stream().min(Comparator.comparingInt(Fit::maxIter)).orElseThrow();
        Fit b = fits.stream().max(Comparator.comparingInt(Fit::maxIter)).orElseThrow();
        if (b.maxIter() > a.maxIter() && b.seconds() > a.seconds()) {
            return (b.seconds() - a.seconds()) / (b.maxIter() - a.maxIter());
        }
        return b.seconds() / b.maxIter();
    }

    /** {a, b} of the least-squares line seconds = a + b * maxIter through {@code fits} (at least two). */
    static double[] secondsLine(List<Fit> fits) {
        int n = fits.size();
        double mx = fits.stream().mapToDouble(Fit::maxIter).average().orElse(Double.NaN);
        double my = fits.stream().mapToDouble(Fit::seconds).average().orElse(Double.NaN);
        double sxy = 0;
        double sxx = 0;
        for (Fit f : fits) {
            sxy += (f.maxIter() - mx) * (f.seconds() - my);
            sxx += (f.maxIter() - mx) * (f.maxIter() - mx);
        }
        double b = n > 1 && sxx > 0 ? sxy / sxx : Double.NaN;
        return new double[] {my - b * mx, b};
    }

    private static double predict(List<Fit> fits, int k) {
        if (fits.isEmpty()) {
            return 0;
        }
        Fit last = fits.stream().max(Comparator.comparingInt(Fit::maxIter)).orElseThrow();
        double perIter = fits.size() == 1 ? last.seconds() / last.maxIter() : secondsPerIteration(fits);
        return Math.max(0, last.seconds() + perIter * (k - last.maxIter()));
    }

    void unpersist() {
        train.unpersist();
        test.unpersist();
    }
}
