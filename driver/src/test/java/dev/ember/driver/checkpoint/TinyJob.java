// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.driver.cli.Main;
import dev.ember.driver.model.ModelFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * A tiny classification job for the checkpoint tests: 320 rows of three noisy features in three
 * classes, 20% validation, batch 16 (about 16 steps per epoch), two partitions, the CPU backend.
 */
final class TinyJob {

    /** What {@code ember train} printed and returned. */
    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private TinyJob() {}

    /** Writes the rows to {@code dir/name}; {@code nanAt} (or −1) gets a NaN feature, to be found late. */
    static Path csv(Path dir, String name, int rows, int nanAt) throws IOException {
        Random random = new Random(11);
        List<String> lines = new ArrayList<>(List.of("x1,x2,x3,label"));
        for (int i = 0; i < rows; i++) {
            int label = i % 3;
            double x1 = (label == 0 ? -2 : 2) + random.nextGaussian();
            double x2 = (label == 2 ? 3 : -1) + random.nextGaussian();
            String x3 = i == nanAt ? "NaN" : Double.toString(random.nextGaussian() * 5);
            lines.add(String.format(Locale.ROOT, "%s,%s,%s,%d", x1, x2, x3, label));
        }
        Path file = dir.resolve(name);
        Files.write(file, lines);
        return file;
    }

    /** The job YAML: checkpoints at every step, early stopping that never stops (its state is checkpointed). */
    static Path yaml(Path dir, Path csv, Path output) throws IOException {
        String text = """
                spark: {master: "local[2]", conf: {spark.ui.enabled: "false"}}
                data: {train: "%s", format: csv, features: [x1, x2, x3], validation: 0.2, partitions: 2}
                model: {task: classification, layers: [{dense: 8, activation: tanh}]}
                training:
                  epochs: 3
                  batch_size: 16
                  seed: 7
                  log_every_steps: 1000
                  optimizer: {name: adam, lr: 0.01}
                  early_stopping: {metric: loss, patience: 100}
                  checkpoint: {every_steps: 1, every_minutes: 0, keep: 3}
                compute: {backend: cpu}
                output: "%s"
                """.formatted(csv, output);
        Path file = dir.resolve("job-" + output.getFileName() + ".yaml");
        Files.writeString(file, text);
        return file;
    }

    /** Runs {@code ember train} in this JVM (the Spark session already running is reused). */
    static Run train(Path yaml, String... sets) {
        List<String> args = new ArrayList<>(List.of("train", yaml.toString()));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static float[] params(Path modelDir) {
        return ModelFiles.read(new org.apache.hadoop.fs.Path(modelDir.toString()), new Configuration()).params();
    }

    /** Per epoch of {@code metrics.json}: train_loss, then val_loss. */
    static double[][] epochLosses(Path modelDir) throws IOException {
        JsonNode epochs = new ObjectMapper().readTree(modelDir.resolve("metrics.json").toFile()).get("epochs");
        double[][] out = new double[epochs.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = epochs.get(i);
            out[i] = new double[] {e.get("train_loss").asDouble(), e.get("val_loss").asDouble()};
        }
        return out;
    }

    /** The steps of the complete checkpoints in {@code dir}, ascending (empty if there is no folder). */
    static List<Long> checkpointSteps(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> CheckpointStore.NAME.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches).map(m -> Long.parseLong(m.group(1))).sorted().toList();
        }
    }

    static Path checkpointFile(Path dir, long step) {
        return dir.resolve(CheckpointStore.fileName(step));
    }

    static Path checkpointDir(Path output) {
        return output.resolveSibling(output.getFileName() + ".checkpoints");
    }
}
