// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.driver.config.JobConfig;
import dev.ember.driver.data.DataPreparer;
import dev.ember.driver.data.PreparedData;
import dev.ember.driver.state.Snapshots;
import dev.ember.driver.state.TrainState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The step loop's promises on a real local Spark: the same seed and global batch give the same
 * training whatever the partitioning (up to float summation order), and the same config run twice
 * gives bit-identical parameters, dropout included.
 *
 * <p>Each run reads and prepares the CSV afresh (so the repartitioning is part of what is
 * compared), builds the network with {@link ModelBuilder}, and trains exactly 20 steps
 * (240 rows, global batch 48, 4 epochs) with {@link Trainer}: a 3-numeric + 1-categorical
 * (embedding) input, one hidden ReLU layer of 8 units and dropout 0.25, micro-batches of 16 rows.
 */
class TrainingEquivalenceTest {
    private static final int ROWS = 240;
    private static final int STEPS = 20;

    /**
     * Largest allowed |θ(P partitions) − θ(1 partition)| after 20 steps, for parameters of size
     * about 0.1 to 1. With P partitions the batch gradient is the same sum of the same per-row terms
     * in another order (per micro-batch, per partition, then the partition tree), so each step's
     * gradient differs by float32 rounding only: a relative 1e-7 to 1e-6 for sums of 48 rows. SGD
     * with momentum passes that on linearly (lr 0.1, momentum amplification ≤ 10, 20 steps); Adam
     * normalises each component by √v, so its error follows the relative gradient error except where
     * a component cancels to nearly 0. Measured here: 1.2e-7 to 1.8e-7 (one or two float ulps at
     * 1.0) for both. 1e-5 leaves a factor 50 of headroom for other BLAS builds and is still
     * 5000 times smaller than how far the parameters move (asserted too), so a wrong or missing row, a
     * lost partition or a gradient divided by the number of partitions fails it by far.
     */
    private static final double TOLERANCE = 1e-5;

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path csv;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start(2);
        csv = writeData(dir.resolve("train.csv"));
    }

    @AfterAll
    static void stop() {
        LocalSpark.stop(spark);
    }

    /** Three well-separated classes from a linear score of x1..x3 plus a per-shop offset. */
    private static Path writeData(Path file) {
        Random rnd = new Random(11);
        double[][] w = {{2, -1, 0.5}, {-1, 2, -0.5}, {-1, -1, 1.5}};
        double[][] shopBias = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {0, 1, 1}};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            double[] x = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            int shop = rnd.nextInt(shopBias.length);
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                double s = shopBias[shop][k];
                for (int j = 0; j < 3; j++) {
                    s += w[k][j] * x[j];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = k;
                }
            }
            // x3 on another scale, so standardisation statistics are part of what must agree
            lines.add(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%d,%d", x[0], x[1], 50 + 20 * x[2], shop, best));
        }
        return TestTables.csv(file, "x1,x2,x3,shop,y", lines);
    }

    private record Run(float[] initial, float[] params, long steps, double lastLoss) {}

    private static Run train(int partitions, String... sets) {
        List<String> overrides = new ArrayList<>(List.of("data.partitions=" + partitions));
        overrides.addAll(List.of(sets));
        JobConfig cfg = JobConfig.parse("""
                data:
                  train: '%s'
                  format: csv
                  features: [x1, x2, x3]
                  categorical: [shop]
                  label: y
                  validation: 0
                model:
                  task: classification
                  layers:
                    - {dense: 8, activation: relu}
                    - {dropout: 0.25}
                training:
                  epochs: 4
                  batch_size: 48
                  micro_batch: 16
                  seed: 7
                  log_every_steps: 1000
                  optimizer: {name: sgd, lr: 0.1, momentum: 0.9}
                output: %s
                """.formatted(csv, dir.resolve("unused")), overrides);
        PreparedData data = DataPreparer.prepare(spark, cfg.data(), cfg.model().task(), cfg.training().seed());
        try {
            assertEquals(partitions, data.train().getNumPartitions());
            assertEquals(ROWS, data.trainRows());
            RunPlan plan = RunPlan.of(spark.sparkContext().conf(), cfg.model(), cfg.training(), cfg.compute(),
                    RunPlan.Columns.of(cfg.data()), data);
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            PrintStream log = new PrintStream(new ByteArrayOutputStream());
            float[] params = plan.initialParams(jsc, data, log);
            float[] initial = params.clone();
            Trainer.Result result = plan.train(jsc, data, TrainState.fresh(params, plan.optimizerStateSize()),
                    Snapshots.NONE, log);
            double lastLoss = result.epochs().get(result.epochs().size() - 1).trainLoss();
            return new Run(initial, result.params(), result.steps(), lastLoss);
        } finally {
            data.unpersist();
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "parameter counts");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{name: sgd, lr: 0.1, momentum: 0.9}", "{name: adam, lr: 0.03}"})
    void oneTwoAndFourPartitionsGiveTheSameParametersAfterTwentySteps(String optimizer) {
        String a = "training.optimizer=" + optimizer;
        Run one = train(1, a);
        Run two = train(2, a);
        Run four = train(4, a);
        for (Run r : List.of(one, two, four)) {
            assertEquals(STEPS, r.steps(), "steps trained");
            assertArrayEquals(one.initial(), r.initial(), "initialisation depends on the seed only");
        }
        double moved = maxAbsDiff(one.initial(), one.params());
        double d2 = maxAbsDiff(one.params(), two.params());
        double d4 = maxAbsDiff(one.params(), four.params());
        System.out.printf(Locale.ROOT, "TrainingEquivalenceTest %s: parameters moved up to %.4f in %d steps;"
                + " max |diff| vs 1 partition: 2 partitions %.3g, 4 partitions %.3g (tolerance %.0e);"
                + " last epoch loss %.3f%n", optimizer, moved, STEPS, d2, d4, TOLERANCE, one.lastLoss());
        assertTrue(moved > 5_000 * TOLERANCE, "training must move the parameters well beyond the tolerance, moved "
                + moved);
        assertTrue(d2 <= TOLERANCE, "2 partitions differ from 1 by " + d2);
        assertTrue(d4 <= TOLERANCE, "4 partitions differ from 1 by " + d4);
        assertTrue(one.lastLoss() < Math.log(3) * 0.8, "the network learned: last epoch loss " + one.lastLoss());
    }

    @Test
    void sameConfigTwiceIsBitIdenticalWithDropoutOnFourPartitions() {
        String[] adam = {"training.optimizer={name: adam, lr: 0.01}"};
        Run first = train(4, adam);
        Run second = train(4, adam);
        assertEquals(STEPS, first.steps());
        assertTrue(maxAbsDiff(first.initial(), first.params()) > 0.01, "the parameters moved");
        assertTrue(Arrays.equals(first.params(), second.params()),
                "two identical runs differ by up to " + maxAbsDiff(first.params(), second.params()));
    }

    @Test
    void dropoutAndSeedReallyChangeTheRun() {
        Run base = train(2);
        Run noDropout = train(2, "model.layers.1.dropout=0");
        Run otherSeed = train(2, "training.seed=8");
        // Far beyond TOLERANCE: what the equivalence test compares is sensitive to both.
        assertTrue(maxAbsDiff(base.params(), noDropout.params()) > 1000 * TOLERANCE,
                "dropout 0.25 must change the trained parameters");
        assertTrue(maxAbsDiff(base.params(), otherSeed.params()) > 1000 * TOLERANCE,
                "another seed must change the trained parameters");
        assertFalse(Arrays.equals(base.initial(), otherSeed.initial()), "another seed initialises differently");
    }
}
