// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.driver.config.JobConfig;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.ModelFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.hadoop.fs.Path;

/**
 * The one Ember job of {@link ClusterTrainingIT}: a 3-class CSV on HDFS (4 numeric columns, one on another
 * scale, and a categorical one) and a small network with dropout, trained with Adam for {@link #TOTAL_STEPS}
 * steps. Every run of that class trains this job; only where it runs, where it writes, and settings that do
 * not touch the arithmetic (checkpoints, logging) differ between runs.
 */
final class ClusterTrainingJob {
    static final String DATA = "/data/train.csv";
    static final int ROWS = 1600;
    static final int PARTITIONS = 4;
    static final int BATCH = 64;
    static final int EPOCHS = 4;
    static final long STEPS_PER_EPOCH = (ROWS + BATCH - 1) / BATCH;
    static final long TOTAL_STEPS = EPOCHS * STEPS_PER_EPOCH;
    static final long SEED = 13;

    private static final Pattern PROGRESS =
            Pattern.compile("(?m)^epoch \\d+/\\d+  step (\\d+)/" + TOTAL_STEPS + "  loss ");

    private final MiniHdfs hdfs;

    ClusterTrainingJob(MiniHdfs hdfs) {
        this.hdfs = hdfs;
    }

    /** The job config: {@code master} null leaves the master to spark-submit; {@code training} adds keys. */
    JobConfig config(String master, Map<String, String> sparkConf, String output, String training) {
        return JobConfig.parse(yaml(master, sparkConf, output, training), List.of());
    }

    /**
     * The job's YAML. {@code training} holds extra lines of the training section, each indented by two
     * spaces (e.g. {@code "  log_every_steps: 1\n"}); it replaces the default {@code log_every_steps}.
     */
    String yaml(String master, Map<String, String> sparkConf, String output, String training) {
        String conf = sparkConf.isEmpty() ? "  conf: {}" : "  conf:\n" + sparkConf.entrySet().stream()
                .map(e -> "    " + quote(e.getKey()) + ": " + quote(e.getValue()))
                .collect(Collectors.joining("\n"));
        String spark = "spark:\n" + (master == null ? "" : "  master: " + quote(master) + "\n") + conf + "\n";
        String logging = training.contains("log_every_steps") ? "" : "  log_every_steps: 1000\n";
        return spark + """
                data:
                  train: %s
                  format: csv
                  features: [x1, x2, x3, x4]
                  categorical: [shop]
                  label: y
                  validation: 0
                  partitions: %d
                model:
                  task: classification
                  layers:
                    - {dense: 16, activation: relu}
                    - {dropout: 0.2}
                training:
                  epochs: %d
                  batch_size: %d
                  micro_batch: 16
                  seed: %d
                  optimizer: {name: adam, lr: 0.01}
                """.formatted(quote(hdfs.path(DATA)), PARTITIONS, EPOCHS, BATCH, SEED)
                + logging + training + "output: " + quote(hdfs.path(output)) + "\n";
    }

    /** Three classes from a linear score of x1..x4 plus a per-shop offset; x3 on another scale. */
    void writeData() throws IOException {
        Random rnd = new Random(5);
        double[][] w = {{2, -1, 0.5, 1}, {-1, 2, -0.5, 0}, {-1, -1, 1.5, -1}};
        StringBuilder csv = new StringBuilder("x1,x2,x3,x4,shop,y\n");
        for (int i = 0; i < ROWS; i++) {
            double[] x = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            int shop = rnd.nextInt(6);
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                double s = shop % 3 == k ? 1 : 0;
                for (int j = 0; j < x.length; j++) {
                    s += w[k][j] * x[j];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = k;
                }
            }
            csv.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f,%d,%d%n", x[0], x[1], 50 + 20 * x[2], x[3],
                    shop, best));
        }
        try (OutputStream out = hdfs.fileSystem().create(new Path(DATA), true)) {
            out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    Model readModel(String dir) {
        return ModelFiles.read(new Path(hdfs.path(dir)), hdfs.clientConf());
    }

    /** The per-epoch {@code train_loss} of a finished run, from its {@code metrics.json}. */
    List<Double> epochLosses(String modelDir) throws IOException {
        try (InputStream in = hdfs.fileSystem().open(new Path(hdfs.path(modelDir + "/metrics.json")))) {
            List<Double> losses = new ArrayList<>();
            new ObjectMapper().readTree(in).get("epochs").forEach(e -> losses.add(e.get("train_loss").asDouble()));
            return losses;
        }
    }

    /** The step numbers of Ember's progress lines ({@code epoch e/E  step s/S  loss ...}) in a run's output. */
    static List<Long> progressSteps(String output) {
        List<Long> steps = new ArrayList<>();
        Matcher m = PROGRESS.matcher(output);
        while (m.find()) {
            steps.add(Long.parseLong(m.group(1)));
        }
        return steps;
    }

    /** first, first + 1, ..., last. */
    static List<Long> stepRange(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().collect(Collectors.toList());
    }

    /** The seeded initial parameters of {@code model}'s network, before any step. */
    static float[] initialParams(Model model) {
        float[] params = new float[model.params().length];
        model.spec().initialize(params, SEED);
        return params;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    /** A sink for a run's progress output. */
    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
