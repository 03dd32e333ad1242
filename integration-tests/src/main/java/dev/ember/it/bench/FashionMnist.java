// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import dev.ember.kernels.BackendKind;
import dev.ember.driver.Evaluator;
import dev.ember.driver.ModelBuilder;
import dev.ember.driver.Trainer;
import dev.ember.driver.config.LayerConfig;
import dev.ember.driver.config.LossConfig;
import dev.ember.driver.config.ModelConfig;
import dev.ember.driver.data.ColumnSpec;
import dev.ember.driver.data.DataPreparer;
import dev.ember.driver.data.IdxReader;
import dev.ember.driver.data.PreparedData;
import dev.ember.driver.data.ScoringData;
import dev.ember.driver.config.Task;
import dev.ember.driver.metrics.MetricNames;
import dev.ember.driver.optim.Adam;
import dev.ember.driver.optim.ConstantLr;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.NetworkSpec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Fashion-MNIST through Ember's driver API, as {@code ./ember train} runs it: IDX files read by
 * {@link IdxReader}, checked and standardised by {@link DataPreparer}, the network from
 * {@link ModelBuilder}, training by {@link Trainer}, accuracy by {@link Evaluator}.
 */
final class FashionMnist {
    static final String DIR = "/usr/share/datasets/fashion-mnist";
    static final int BATCH = 128;
    static final long SEED = 42;

    private FashionMnist() {}

    /** Null when the data set is installed, else why not. */
    static String missing() {
        boolean gz = Files.exists(Path.of(DIR, "train-images-idx3-ubyte.gz"));
        boolean raw = Files.exists(Path.of(DIR, "train-images-idx3-ubyte"));
        return gz || raw ? null : "Fashion-MNIST is not in " + DIR + ": install the Debian package dataset-fashion-mnist";
    }

    /** The train (or t10k) split, the first {@code limit} rows when {@code limit > 0}. */
    static Dataset<Row> read(SparkSession spark, boolean test, int limit, int partitions) {
        Dataset<Row> df = IdxReader.read(spark, DIR, test, partitions);
        return limit > 0 ? df.limit(limit) : df;
    }

    /** Packed, cached training blocks and test blocks standardised with the training statistics. */
    record Data(PreparedData train, ScoringData test) {
        void unpersist() {
            train.unpersist();
            test.unpersist();
        }
    }

    static Data prepare(SparkSession spark, int trainLimit, int testLimit, int partitions) {
        ColumnSpec columns = new ColumnSpec(List.of("features"), List.of(), "label", null, Task.CLASSIFICATION, 10,
                null);
        PreparedData train = DataPreparer.prepare(read(spark, false, trainLimit, partitions), null, columns,
                new DataPreparer.Options(0.0, SEED, true, partitions, StorageLevel.MEMORY_AND_DISK()));
        ScoringData test = DataPreparer.prepareForPrediction(read(spark, true, testLimit, partitions), columns,
                train.standardizer(), train.cardinalities(), partitions);
        return new Data(train, test);
    }

    /** 784-256-128-10 with {@code activation} on both hidden layers, softmax cross-entropy. */
    static NetworkSpec spec(Data data, String activation) {
        ModelConfig model = new ModelConfig(Task.CLASSIFICATION, List.of(
                new LayerConfig.Dense(256, activation, 0, true, "auto"),
                new LayerConfig.Dense(128, activation, 0, true, "auto")), LossConfig.defaults(), "auto", null);
        PreparedData t = data.train();
        return ModelBuilder.build(model, t.numericWidth(), t.cardinalities(), t.numClasses(), t.labelWidth());
    }

    /** Adam (lr 1e-3, PyTorch defaults), constant rate, batch 128, no clipping, no progress lines. */
    static Trainer.Settings settings(int epochs) {
        return settings(epochs, BATCH);
    }

    /** {@link #settings(int)} with another batch (and micro-batch) size. */
    static Trainer.Settings settings(int epochs, int batch) {
        Adam adam = Adam.defaults();
        return new Trainer.Settings(epochs, batch, batch, SEED, adam,
                total -> new ConstantLr(adam.lr()), null, null, 0,
                new ComputeSettings(BackendKind.CPU, "auto", 0), "bench-" + System.nanoTime());
    }

    /** Trains from the seeded initial values, without evaluation (the runs that need accuracy probe it themselves). */
    static Trainer.Result train(JavaSparkContext jsc, Data data, NetworkSpec spec, int epochs, PrintStream log) {
        float[] params = new float[spec.layout().total()];
        spec.initialize(params, SEED);
        PreparedData t = data.train();
        return new Trainer(jsc, log).train(spec, params, t.train(), t.trainRows(),
                null, Task.CLASSIFICATION, t.numClasses(), settings(epochs));
    }

    /** Seconds of one test-set evaluation of {@code params} and the accuracy it gives. */
    static double[] evaluate(JavaSparkContext jsc, Data data, NetworkSpec spec, float[] params) {
        long t0 = System.nanoTime();
        double acc = Evaluator.evaluate(jsc, data.test().blocks(), params, spec.toJson(),
                new ComputeSettings(BackendKind.CPU, "auto", 0), Task.CLASSIFICATION, data.train().numClasses(), BATCH,
                "bench test evaluation").values().get(MetricNames.ACCURACY);
        return new double[] {(System.nanoTime() - t0) / 1e9, acc};
    }
}
