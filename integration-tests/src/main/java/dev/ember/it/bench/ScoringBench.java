// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import dev.ember.driver.ml.EmberClassificationModel;
import dev.ember.driver.ml.EmberClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.storage.StorageLevel;

/**
 * Batch scoring throughput: Ember's {@link EmberClassificationModel#transform} against MLlib's
 * {@link MultilayerPerceptronClassificationModel#transform}, both 784-256-128-10 with sigmoid hidden
 * layers, on the Fashion-MNIST t10k rows (replicated for stable timings) cached in local[2].
 *
 * <p>Both models are real: each is fitted briefly on the first training rows (the weights do not
 * change the work of a forward pass). Each timed pass writes the whole transformed DataFrame (the
 * input columns, rawPrediction, probability and prediction) to Spark's {@code noop} sink, which
 * computes every column and stores nothing. Passes alternate between the contenders, and which one
 * goes first alternates too, after warm-up passes of each.
 */
final class ScoringBench {
    private ScoringBench() {}

    static BenchReport run(BenchContext ctx) {
        BenchReport report = new BenchReport("scoring", "batch scoring rows/s, Fashion-MNIST 784-256-128-10 sigmoid:"
                + " Ember transform vs MLlib MultilayerPerceptronClassificationModel.transform",
                List.of("contender", "rows/s", "s per pass", "test accuracy", "vs MLlib"));
        String missing = FashionMnist.missing();
        if (missing != null) {
            report.skipped = missing;
            return report;
        }
        int copies = ctx.quick ? 1 : 6;
        int warmup = ctx.quick ? 1 : 2;
        int repeats = ctx.quick ? 3 : 7;
        int fitRows = ctx.quick ? 2000 : 6000;
        int mllibIterations = ctx.quick ? 5 : 20;
        Dataset<Row> fitData = FashionMnist.read(ctx.spark(), false, fitRows, BenchContext.PARTITIONS)
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> test = FashionMnist.read(ctx.spark(), true, 0, BenchContext.PARTITIONS);
        Dataset<Row> scored = test;
        for (int c = 1; c < copies; c++) {
            scored = scored.union(test);
        }
        scored = scored.repartition(BenchContext.PARTITIONS).persist(StorageLevel.MEMORY_AND_DISK());
        long rows = scored.count();
        report.param("master", "local[" + BenchContext.PARTITIONS + "]").param("partitions", BenchContext.PARTITIONS)
                .param("rows_per_pass", rows).param("warmup_passes", warmup).param("timed_passes", repeats)
                .param("fit_rows", fitRows).param("mllib_fit_iterations", mllibIterations);
        try {
            ctx.log("scoring: fitting both models on %d training rows", fitRows);
            EmberClassificationModel ember = new EmberClassifier().setLayers(new int[] {256, 128})
                    .setActivation("sigmoid").setMaxIter(1).setBatchSize(FashionMnist.BATCH).setSeed(FashionMnist.SEED)
                    .fit(fitData);
            MultilayerPerceptronClassificationModel mllib = new MultilayerPerceptronClassifier()
                    .setLayers(new int[] {784, 256, 128, 10}).setBlockSize(FashionMnist.BATCH)
                    .setMaxIter(mllibIterations).setSeed(FashionMnist.SEED).fit(fitData);
            List<Contender> contenders = List.of(new Contender("Ember EmberClassificationModel", ember::transform),
                    new Contender("Spark MLlib MultilayerPerceptronClassificationModel", mllib::transform));
            for (Contender c : contenders) {
                c.accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                        .evaluate(c.transform.apply(test));
            }
            ctx.log("scoring: %d rows per pass, %d warm-up and %d timed passes each, interleaved", rows, warmup,
                    repeats);
            for (int i = 0; i < warmup + repeats; i++) {
                for (int k = 0; k < contenders.size(); k++) {
                    Contender c = contenders.get((i + k) % contenders.size());
                    double seconds = pass(ctx, c, scored);
                    if (i >= warmup) {
                        c.seconds.add(seconds);
                    }
                }
            }
            double mllibRate = rows / Stats.of(contenders.get(1).seconds).median();
            for (Contender c : contenders) {
                List<Double> rates = c.seconds.stream().map(s -> rows / s).toList();
                double rate = rows / Stats.of(c.seconds).median();
                report.row(c.name, Stats.of(rates), Stats.of(c.seconds), c.accuracy, Fmt.ratioCell(rate / mllibRate));
            }
            double ratio = rows / Stats.of(contenders.get(0).seconds).median() / mllibRate;
            report.target(Target.atLeast("Ember transform rows/s / MLlib transform rows/s", "issue 7", ratio, 1));
        } finally {
            scored.unpersist();
            fitData.unpersist();
        }
        notes(report, fitRows, mllibIterations, copies);
        return report;
    }

    /** Seconds to compute every output column of {@code data} transformed by {@code c}. */
    private static double pass(BenchContext ctx, Contender c, Dataset<Row> data) {
        ctx.spark().sparkContext().setJobDescription("bench scoring: " + c.name);
        long t0 = System.nanoTime();
        c.transform.apply(data).write().format("noop").mode(SaveMode.Overwrite).save();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** One scorer and its timed passes. */
    private static final class Contender {
        final String name;
        final Function<Dataset<Row>, Dataset<Row>> transform;
        final List<Double> seconds = new ArrayList<>();
        double accuracy;

        Contender(String name, Function<Dataset<Row>, Dataset<Row>> transform) {
            this.name = name;
            this.transform = transform;
        }
    }

    private static void notes(BenchReport report, int fitRows, int mllibIterations, int copies) {
        report.note("Scored: the 10,000 Fashion-MNIST t10k rows" + (copies > 1 ? " x " + copies + " (union)" : "")
                + ", repartitioned to 2 partitions and cached (columns features: vector of 784, label) before"
                + " timing; both transforms read the same cached DataFrame.");
        report.note("Models: Ember EmberClassifier layers [256, 128] sigmoid, 1 epoch (Adam, batch 128) on the first "
                + fitRows + " training rows, standardisation on (it is part of Ember's scoring); MLlib"
                + " MultilayerPerceptronClassifier layers [784, 256, 128, 10] (sigmoid hidden, softmax output),"
                + " " + mllibIterations + " L-BFGS iterations on the same rows. Test accuracy shows both are"
                + " trained, not their quality.");
        report.note("A pass = transform(data).write.format(\"noop\"): every output row with all its columns"
                + " (features, label, rawPrediction, probability, prediction) is computed and dropped. rows/s ="
                + " rows per pass / seconds of the pass; median (min-max) over the timed passes.");
        report.note("Ember scores micro-batches of rows per forward pass on the executor's Engine (backend auto, one"
                + " thread per task); MLlib scores one row per forward pass. Both use OpenBLAS with one thread per"
                + " task (OPENBLAS_NUM_THREADS=1).");
    }
}
