// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import dev.ember.driver.Trainer;
import dev.ember.worker.NetworkSpec;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One epoch of Fashion-MNIST (784-256-128-10 ReLU, Adam, batch 128, local[2]) against its
 * roofline: steps × the Spark floor step at the model's parameter count, plus the pure compute
 * time {@code 6·P·N} FLOPs at the GEMM rate CpuBackend reaches on the MLP's calls with one task per
 * core. Each repeat measures the three in turn (epoch, floor steps, GEMM rate), so load hits them alike.
 */
final class EpochRooflineBench {
    private EpochRooflineBench() {}

    static BenchReport run(BenchContext ctx) {
        BenchReport report = new BenchReport("epoch-roofline",
                "one Fashion-MNIST epoch vs steps x Spark floor + pure GEMM compute", List.of("figure", "value",
                        "unit"));
        String missing = FashionMnist.missing();
        if (missing != null) {
            report.skipped = missing;
            return report;
        }
        int trainLimit = ctx.quick ? 6000 : 0;
        int repeats = ctx.quick ? 1 : 3;
        int floorSteps = ctx.quick ? 10 : 40;
        double gemmSeconds = ctx.quick ? 0.1 : 0.5;
        JavaSparkContext jsc = ctx.jsc();
        FashionMnist.Data data = FashionMnist.prepare(ctx.spark(), trainLimit, ctx.quick ? 1000 : 0,
                BenchContext.PARTITIONS);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try {
            NetworkSpec spec = FashionMnist.spec(data, "relu");
            int p = spec.layout().total();
            long rows = data.train().trainRows();
            long steps = (rows + FashionMnist.BATCH - 1) / FashionMnist.BATCH;
            report.param("train_rows", rows).param("parameters", p).param("steps_per_epoch", steps)
                    .param("batch", FashionMnist.BATCH).param("repeats", repeats).param("floor_steps_per_repeat",
                            floorSteps).param("master", "local[" + BenchContext.PARTITIONS + "]");
            ctx.log("epoch-roofline: warm-up epoch (%d rows, %,d parameters)", rows, p);
            FashionMnist.train(jsc, data, spec, 1, quiet);
            SparkFloor floor = new SparkFloor(jsc, BenchContext.PARTITIONS);
            List<Double> epochs = new ArrayList<>();
            List<Double> floorMs = new ArrayList<>();
            List<Double> rates = new ArrayList<>();
            float[] params = new float[p];
            try {
                for (int r = 0; r < repeats; r++) {
                    Trainer.Result result = FashionMnist.train(jsc, data, spec, 1, quiet);
                    epochs.add(result.epochs().get(0).seconds());
                    ctx.log("epoch-roofline: epoch %.2f s", epochs.get(epochs.size() - 1));
                    for (int s = 0; s < floorSteps + 2; s++) {
                        long t0 = System.nanoTime();
                        float[] sum = floor.aggregate(params, String.format(Locale.ROOT, "bench roofline floor %d.%d",
                                r, s));
                        SparkFloor.update(params, sum, 1e-6f);
                        if (s >= 2) {
                            floorMs.add((System.nanoTime() - t0) / 1e6);
                        }
                    }
                    rates.add(GemmRooflineBench.trainingRate(ctx, gemmSeconds).median());
                }
            } finally {
                floor.close();
            }
            Stats epoch = Stats.of(epochs);
            Stats step = Stats.of(floorMs);
            Stats rate = Stats.of(rates);
            double floorPart = steps * step.median() / 1000;
            double flops = 6.0 * p * rows;
            double compute = flops / (rate.median() * 1e9);
            double sum = floorPart + compute;
            double ratio = epoch.median() / sum;
            report.row("measured epoch", epoch, "s");
            report.row("measured time per step", epoch.median() * 1000 / steps, "ms");
            report.row("Spark floor step (broadcast + treeAggregate + SGD update) at " + p + " params", step, "ms");
            report.row("steps x floor", floorPart, "s");
            report.row("CpuBackend GEMM rate, MLP calls, " + BenchContext.PARTITIONS + " tasks at once", rate,
                    "GFLOP/s");
            report.row("pure compute: 6 x " + p + " params x " + rows + " samples = " + Fmt.num(flops / 1e9)
                    + " GFLOP at that rate", compute, "s");
            report.row("roofline: steps x floor + compute", sum, "s");
            report.row("roofline / measured", Fmt.percentCell(sum / epoch.median()), "");
            report.row("measured / roofline", Fmt.ratioCell(ratio), "");
            report.note("Ember: Trainer with no validation, Adam lr 1e-3 constant, batch 128, micro-batch 128, backend"
                    + " cpu; one warm-up epoch first; each repeat is a fresh 1-epoch run from the same seed. The epoch"
                    + " time is the Trainer's own (steps and updates, no evaluation).");
            report.note("6·P·N counts forward (2PN) and backward (4PN, including the first layer's dX, which training"
                    + " can skip); bias adds, activations, the loss and the optimiser are not counted as compute,"
                    + " so they land in the gap.");
            report.target(Target.atMost("Fashion-MNIST epoch / (steps x floor + compute)", "issue 3", ratio, 1.5));
            report.target(Target.atMost("Fashion-MNIST epoch / (steps x floor + compute)", "issue 8", ratio, 2.0));
            ctx.log("epoch-roofline: epoch %s s, roofline %.2f s (floor %.2f + compute %.2f), ratio %s",
                    epoch.format(), sum, floorPart, compute, Fmt.ratio(ratio));
        } finally {
            data.unpersist();
        }
        return report;
    }
}
