// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input and bad config a user can hand to the CLI: each gives one line on stderr that
 * names the key, column or file and says what to do, exit code 2 (bad input) or 3 (diverged), no
 * stack trace without {@code --verbose}, and nothing left where the output would have gone (no
 * output folder and no hidden temporary folder beside it; an output that already existed is left
 * exactly as it was).
 *
 * <p>In the table, {@code {cfg}} is a valid job config (3-class classification of good.csv),
 * {@code {data}} the folder of the generated data, {@code {models}} the folder of a trained model
 * ({@code good}) and damaged copies of it, and {@code {out}} a fresh, empty folder per case.
 */
class BadInputTest {
    private static final int ROWS = 60;
    private static final String KEEP = "keep.txt";
    private static final String KEEP_TEXT = "a previous result that must survive";

    @TempDir
    static Path dir;
    static SparkSession spark;

    /** One row of the table; {@code existing} names a folder in {out} created before the run, or null. */
    record Case(String name, int exit, List<String> expected, String existing, List<String> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() {
        spark = LocalSpark.start(2);
        writeData(dir.resolve("data"));
        TestTables.yaml(dir.resolve("job.yaml"), """
                data:
                  train: '%s'
                  format: csv
                  features: [x1, x2]
                  label: y
                  validation: 0
                model:
                  task: classification
                  layers: [{dense: 4, activation: relu}]
                training:
                  epochs: 1
                  batch_size: 32
                  log_every_steps: 1000
                output: unused
                """.formatted(dir.resolve("data/good.csv")));
        TestTables.yaml(dir.resolve("data/not-yaml.yaml"), "data: [unclosed\n  train: x\n");
        writeModels(dir.resolve("models"));
    }

    @AfterAll
    static void stop() {
        LocalSpark.stop(spark);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // the config
                bad("missing config file", List.of("missing.yaml", "does not exist", "job YAML file"),
                        "train", "{data}/missing.yaml"),
                bad("config that is not YAML", List.of("not valid YAML"), "train", "{data}/not-yaml.yaml"),
                train("unknown key", List.of("unknown key 'training.epoch'", "did you mean 'training.epochs'"),
                        "training.epoch=3"),
                train("unknown section", List.of("unknown key 'modle'"), "modle.task=binary"),
                train("wrong type", List.of("training.epochs must be an integer", "'many'"), "training.epochs=many"),
                train("negative learning rate", List.of("training.optimizer.lr", "-0.1"),
                        "training.optimizer.lr=-0.1"),
                train("batch size 0", List.of("training.batch_size must be >= 1, got 0"), "training.batch_size=0"),
                train("dropout 1.5", List.of("model.layers[1].dropout", "[0, 1)", "1.5"),
                        "model.layers=[{dense: 4, activation: relu}, {dropout: 1.5}]"),
                train("unknown optimiser", List.of("training.optimizer.name must be one of", "adam", "'adamm'"),
                        "training.optimizer.name=adamm"),
                train("unknown optimiser option", List.of("unknown key 'training.optimizer.momentun'"),
                        "training.optimizer={name: sgd, momentun: 0.9}"),
                train("unknown activation", List.of("activation must be one of", "'rellu'"),
                        "model.layers=[{dense: 4, activation: rellu}]"),
                train("validation fraction 1.5", List.of("data.validation", "1.5"), "data.validation=1.5"),
                // the data
                train("missing training data", List.of("cannot read csv data from", "nowhere.csv"),
                        "data.train={data}/nowhere.csv"),
                train("missing feature column", List.of("column 'x9' (data.features) does not exist",
                        "[id, x1, x2, color, w, y]", "fix data.features"), "data.features=[x1, x9]"),
                train("missing label column", List.of("column 'target' (data.label) does not exist",
                        "fix data.label"), "data.label=target"),
                train("string feature column", List.of("column 'color' has type string", "numeric",
                        "StringIndexer"), "data.features=[x1, color]"),
                train("NaN in a feature", List.of("feature column 'x2' has 3 of 60 rows", "NaN",
                        "drop or impute"), "data.train={data}/nan.csv"),
                train("infinity in a feature", List.of("feature column 'x1' has 2 of 60 rows", "infinite",
                        "drop or impute"), "data.train={data}/inf.csv"),
                train("null label", List.of("label column 'y' has 2 of 60 rows with a null"),
                        "data.train={data}/null-label.csv"),
                train("label out of range", List.of("label column 'y' has 4 rows with a class index >= 3",
                        "data.classes"), "data.train={data}/label-range.csv", "data.classes=3"),
                train("non-integral label", List.of("label column 'y' has 2 rows", "not a class index",
                        "integers 0..K-1"), "data.train={data}/label-fraction.csv"),
                train("negative label", List.of("label column 'y' has 1 rows", "not a class index"),
                        "data.train={data}/label-negative.csv"),
                train("binary label not 0/1", List.of("label column 'y' has 20 rows that are neither 0 nor 1"),
                        "model.task=binary"),
                train("no rows", List.of("training data has no rows", "check the path"),
                        "data.train={data}/empty.parquet", "data.format=parquet"),
                train("CSV of a header and no rows", List.of("training data has no rows", "check the path"),
                        "data.train={data}/header-only.csv"),
                train("CSV record with an extra field", List.of("header-plus.csv", "does not fit its columns",
                        "data.options.mode"), "data.train={data}/header-plus.csv"),
                train("feature beyond float range", List.of("feature column 'x1' has 1 of 60 rows",
                        "beyond ±3.4e38", "drop or impute"), "data.train={data}/beyond-float.csv"),
                train("vector widths differ", List.of("feature column 'features' holds vectors of different"
                        + " widths", "3 in 40 rows", "4 in 20 rows"), "data.train={data}/widths.parquet",
                        "data.format=parquet", "data.features=features"),
                train("negative weight", List.of("weight column 'w' has 3 rows with a negative weight", ">= 0"),
                        "data.train={data}/weights-negative.csv", "data.weight=w"),
                train("resume from a missing checkpoint", List.of("training.resume", "no-such.ckpt",
                        "does not exist", "use auto or never"), "training.checkpoint={}",
                        "training.resume={data}/no-such.ckpt"),
                train("resume from a damaged checkpoint", List.of("training.resume", "damaged.ckpt",
                        "is not an Ember checkpoint"), "training.checkpoint={}", "training.resume={data}/damaged.ckpt"),
                new Case("output exists", 2, List.of("already exists", "choose a new output path"), "model",
                        trainArgs()),
                new Case("overwrite of a folder that is not a model", 2, List.of("is not an Ember model folder",
                        "model.json", "choose another output path"), "model", trainArgs("output_mode=overwrite")),
                new Case("overwrite of the training data", 2, List.of("is data.train", "destroy an input"), "model",
                        trainArgs("output_mode=overwrite", "data.train={out}/model")),
                train("checkpoints inside the output", List.of("holds training.checkpoint.dir", "destroy an input"),
                        "training.checkpoint={dir: '{out}/model/checkpoints'}"),
                train("output under a file", List.of("output", "is under", "good.csv, which is a file"),
                        "output={data}/good.csv/model"),
                train("output of an unknown scheme", List.of("No FileSystem for scheme \"nofs\"", "use file:, hdfs:"),
                        "output=nofs://somewhere/model"),
                train("checkpoints under a file", List.of("training.checkpoint.dir", "good.csv, which is a file"),
                        "training.checkpoint={dir: '{data}/good.csv/checkpoints'}"),
                train("missing test set", List.of("cannot read csv data from", "no-test.csv"),
                        "data.test={data}/no-test.csv"),
                train("test set lacks a feature column", List.of("column 'x2' (data.features) does not exist"),
                        "data.test={data}/other.csv"),
                new Case("diverging run", 3, List.of("training diverged", "lower training.optimizer.lr"), null,
                        trainArgs("data.train={data}/huge.csv", "model.task=regression", "model.layers=[]",
                                "data.standardize=false", "training.optimizer={name: sgd, lr: 1e6}")),
                new Case("last update overflows the parameters", 3, List.of("parameters are NaN or infinite",
                        "no model was written", "lower training.optimizer.lr"), null,
                        trainArgs("data.train={data}/huge.csv", "model.task=regression", "model.layers=[]",
                                "data.standardize=false", "training.batch_size=256",
                                "training.optimizer={name: sgd, lr: 1e35}")),
                // saved models
                predict("predict: missing model folder", List.of("no-such-model", "does not exist",
                        "finished 'train' run"), "{models}/no-such-model"),
                predict("predict: truncated params.f32", List.of("params.f32 holds", "truncated",
                        "train the model again"),
                        "{models}/truncated"),
                predict("predict: one flipped byte", List.of("params.f32 does not match the SHA-256", "altered",
                        "train the model again"),
                        "{models}/flipped"),
                predict("predict: flipped byte, stale checksum file", List.of(
                        "flipped-crc/params.f32 does not match its checksum file .params.f32.crc",
                        "train the model again"),
                        "{models}/flipped-crc"),
                predict("predict: model.json not JSON", List.of("model.json is not valid JSON", "train it again"),
                        "{models}/not-json"),
                evaluate("evaluate: missing model folder", List.of("no-such-model", "does not exist"),
                        "{models}/no-such-model"),
                evaluate("evaluate: truncated params.f32", List.of("params.f32 holds", "truncated"),
                        "{models}/truncated"),
                evaluate("evaluate: one flipped byte", List.of("does not match the SHA-256"), "{models}/flipped"),
                evaluate("evaluate: model.json not JSON", List.of("model.json is not valid JSON"),
                        "{models}/not-json"),
                new Case("predict: output exists", 2, List.of("--output", "already exists", "choose a new path"),
                        "pred", List.of("predict", "--model", "{models}/good", "--input", "{data}/good.csv",
                                "--format", "csv", "--output", "{out}/pred", "--master", "local[2]")),
                new Case("predict: input lacks a feature column", 2, List.of("column 'x2'", "does not exist",
                        "[id, x1, y]"), null, List.of("predict", "--model", "{models}/good", "--input",
                        "{data}/other.csv", "--format", "csv", "--output", "{out}/pred", "--master", "local[2]")),
                new Case("evaluate: --output exists", 2, List.of("--output", "metrics.json", "already exists",
                        "choose a new path"), "metrics.json", List.of("evaluate", "--model", "{models}/good", "--input",
                        "{data}/good.csv", "--format", "csv", "--output", "{out}/metrics.json", "--master", "local[2]")),
                new Case("evaluate: --weight names no column", 2, List.of("column 'wt'", "does not exist"), null,
                        List.of("evaluate", "--model", "{models}/good", "--input", "{data}/good.csv", "--format", "csv",
                                "--weight", "wt", "--master", "local[2]")),
                // the command line
                bad("unknown command", List.of("unknown command 'trian'", "train, predict, evaluate"), "trian",
                        "{cfg}"),
                bad("predict without --model", List.of("missing --model"), "predict", "--input", "{data}/good.csv",
                        "--output", "{out}/pred"),
                bad("evaluate without --model", List.of("missing --model"), "evaluate", "--input",
                        "{data}/good.csv"),
                bad("predict with a misspelt option", List.of("unknown option '--modle'", "--model"), "predict",
                        "--modle", "{models}/good", "--input", "{data}/good.csv", "--output", "{out}/pred"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsWithOneClearLineAndLeavesNoOutput(Case c) throws IOException {
        Path out = dir.resolve("out").resolve(c.name().replaceAll("[^A-Za-z0-9]+", "-"));
        Files.createDirectories(out);
        if (c.existing() != null) {
            Files.createDirectories(out.resolve(c.existing()));
            Files.writeString(out.resolve(c.existing()).resolve(KEEP), KEEP_TEXT);
        }
        CliRun r = CliRun.of(c.args().stream().map(a -> expand(a, out)).toArray(String[]::new));

        assertEquals(c.exit(), r.exit(), r::describe);
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "one line on stderr: " + r.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("ember: "), line);
        for (String part : c.expected()) {
            assertTrue(line.contains(expand(part, out)), "stderr names '" + part + "': " + line);
        }
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r.err());
        if (c.existing() == null) {
            assertEquals(List.of(), TestTables.names(out), "nothing written where the output would go");
        } else {
            assertEquals(List.of(c.existing()), TestTables.names(out), "no temporary folder beside the output");
            assertEquals(List.of(KEEP), TestTables.names(out.resolve(c.existing())), "the old output is untouched");
            assertEquals(KEEP_TEXT, Files.readString(out.resolve(c.existing()).resolve(KEEP)));
        }
    }

    @Test
    void tableCoversAtLeastTwentyFiveCases() {
        assertTrue(cases().count() >= 25, "cases: " + cases().count());
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out/verbose"));
        List<String> args = new ArrayList<>(trainArgs("data.features=[x1, x9]"));
        args.add("--verbose");
        CliRun r = CliRun.of(args.stream().map(a -> expand(a, out)).toArray(String[]::new));
        assertEquals(2, r.exit(), r::describe);
        assertTrue(r.err().startsWith("ember: column 'x9' (data.features) does not exist"), r.err());
        assertTrue(r.err().contains("\tat "), "--verbose prints the stack trace: " + r.err());
        assertTrue(r.err().contains("DataException"), r.err());
        assertEquals(List.of(), TestTables.names(out));

        CliRun quietPredict = CliRun.of("predict", "--model", expand("{models}/flipped", out), "--input",
                expand("{data}/good.csv", out), "--format", "csv", "--output", out + "/pred", "--master", "local[2]",
                "--verbose");
        assertEquals(2, quietPredict.exit(), quietPredict::describe);
        assertTrue(quietPredict.err().contains("\tat ") && quietPredict.err().contains("ModelException"),
                quietPredict.err());
    }

    // ---------------------------------------------------------------- the table's helpers

    private static Case bad(String name, List<String> expected, String... args) {
        return new Case(name, 2, expected, null, List.of(args));
    }

    private static Case train(String name, List<String> expected, String... sets) {
        return new Case(name, 2, expected, null, trainArgs(sets));
    }

    private static List<String> trainArgs(String... sets) {
        List<String> args = new ArrayList<>(List.of("train", "{cfg}", "--set", "spark.master=local[2]", "--set",
                "output={out}/model"));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return args;
    }

    private static Case predict(String name, List<String> expected, String model) {
        return new Case(name, 2, expected, null, List.of("predict", "--model", model, "--input", "{data}/good.csv",
                "--format", "csv", "--output", "{out}/pred", "--master", "local[2]"));
    }

    private static Case evaluate(String name, List<String> expected, String model) {
        return new Case(name, 2, expected, null, List.of("evaluate", "--model", model, "--input", "{data}/good.csv",
                "--format", "csv", "--output", "{out}/eval.json", "--master", "local[2]"));
    }

    private static String expand(String s, Path out) {
        return s.replace("{cfg}", dir.resolve("job.yaml").toString())
                .replace("{data}", dir.resolve("data").toString())
                .replace("{models}", dir.resolve("models").toString())
                .replace("{out}", out.toString());
    }

    // ---------------------------------------------------------------- data and models

    private static void writeData(Path data) {
        Random rnd = new Random(3);
        List<double[]> x = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            x.add(new double[] {rnd.nextGaussian(), rnd.nextGaussian()});
        }
        csv(data, "good.csv", x, i -> null);
        try {
            java.nio.file.Files.writeString(data.resolve("damaged.ckpt"), "not a checkpoint at all");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        csv(data, "nan.csv", x, i -> i == 5 || i == 17 || i == 33 ? new String[] {null, "NaN"} : null);
        csv(data, "inf.csv", x, i -> i == 8 ? new String[] {"Infinity", null}
                : i == 40 ? new String[] {"-Infinity", null} : null);
        csv(data, "null-label.csv", x, i -> i == 3 || i == 4 ? new String[] {null, null, null, ""} : null);
        csv(data, "label-range.csv", x, i -> i == 10 || i == 20 ? new String[] {null, null, null, "3"}
                : i == 30 || i == 50 ? new String[] {null, null, null, "4"} : null);
        csv(data, "label-fraction.csv", x, i -> i == 7 || i == 9 ? new String[] {null, null, null, "1.5"} : null);
        csv(data, "label-negative.csv", x, i -> i == 11 ? new String[] {null, null, null, "-1"} : null);
        csv(data, "weights-negative.csv", x, i -> i == 2 || i == 4 || i == 6 ? new String[] {null, null, "-1", null}
                : null);
        List<String> other = new ArrayList<>();
        List<String> huge = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            other.add(i + "," + x.get(i)[0] + "," + i % 3);
        }
        for (int i = 0; i < 200; i++) {
            double a = 1000 * rnd.nextDouble();
            double b = 1000 * rnd.nextDouble();
            huge.add(String.format(Locale.ROOT, "%.3f,%.3f,%.3f", a, b, 50 * a + 20 * b));
        }
        TestTables.csv(data.resolve("other.csv"), "id,x1,y", other);
        csv(data, "beyond-float.csv", x, i -> i == 12 ? new String[] {"1e39", null} : null);
        TestTables.csv(data.resolve("header-only.csv"), "x1,x2,y", List.of());
        List<String> plus = new ArrayList<>(List.of("0.5,1.5,1", "0.25,2.5,0"));
        plus.add(1, "0.1,0.2,2,7");   // one field too many: PERMISSIVE would read y = 2 and drop the 7
        TestTables.csv(data.resolve("header-plus.csv"), "x1,x2,y", plus);
        TestTables.csv(data.resolve("huge.csv"), "x1,x2,y", huge);

        StructType flat = new StructType().add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType)
                .add("y", DataTypes.IntegerType);
        spark.createDataFrame(List.<Row>of(), flat).write().parquet(data.resolve("empty.parquet").toString());
        List<Row> vectors = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            Double[] v = i % 3 == 2 ? new Double[] {1.0, 2.0, 3.0, 4.0} : new Double[] {1.0, 2.0, 3.0};
            vectors.add(RowFactory.create(Arrays.asList(v), i % 3));
        }
        StructType withArray = new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("y", DataTypes.IntegerType);
        spark.createDataFrame(vectors, withArray).write().parquet(data.resolve("widths.parquet").toString());
    }

    /** id,x1,x2,color,w,y with y = i mod 3; {@code change} replaces x1, x2, w, y of row i where non-null. */
    private static void csv(Path data, String name, List<double[]> x, java.util.function.IntFunction<String[]> change) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            String[] v = {Double.toString(x.get(i)[0]), Double.toString(x.get(i)[1]),
                Double.toString(0.5 + 0.25 * (i % 4)), Integer.toString(i % 3)};
            String[] c = change.apply(i);
            for (int j = 0; c != null && j < c.length; j++) {
                v[j] = c[j] == null ? v[j] : c[j];
            }
            lines.add(i + "," + v[0] + "," + v[1] + "," + (i % 2 == 0 ? "red" : "blue") + "," + v[2] + "," + v[3]);
        }
        TestTables.csv(data.resolve(name), "id,x1,x2,color,w,y", lines);
    }

    /** Trains {@code good} once, then damaged copies: Hadoop's .crc side files removed unless named -crc. */
    private static void writeModels(Path models) {
        Path good = models.resolve("good");
        CliRun r = CliRun.of("train", dir.resolve("job.yaml").toString(), "--set", "spark.master=local[2]", "--set",
                "output=" + good);
        assertEquals(0, r.exit(), r::describe);
        try {
            byte[] params = Files.readAllBytes(good.resolve("params.f32"));
            byte[] half = Arrays.copyOf(params, params.length / 2);
            copy(good, models.resolve("truncated"), false).resolve("params.f32");
            Files.write(models.resolve("truncated/params.f32"), half);
            byte[] flipped = params.clone();
            flipped[params.length / 2] ^= 0x01;
            copy(good, models.resolve("flipped"), false);
            Files.write(models.resolve("flipped/params.f32"), flipped);
            copy(good, models.resolve("flipped-crc"), true);
            Files.write(models.resolve("flipped-crc/params.f32"), flipped);
            copy(good, models.resolve("not-json"), false);
            Files.writeString(models.resolve("not-json/model.json"), "format_version: 1 {\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copy(Path from, Path to, boolean withChecksums) throws IOException {
        Files.createDirectories(to);
        for (String name : TestTables.names(from)) {
            if (withChecksums || !name.endsWith(".crc")) {
                Files.copy(from.resolve(name), to.resolve(name));
            }
        }
        return to;
    }
}
