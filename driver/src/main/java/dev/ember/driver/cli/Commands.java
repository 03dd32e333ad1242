// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.cli;

import dev.ember.driver.Evaluator;
import dev.ember.driver.Predictor;
import dev.ember.driver.SparkSessions;
import dev.ember.driver.TrainJob;
import dev.ember.driver.config.JobConfig;
import dev.ember.driver.config.SparkConfig;
import dev.ember.driver.data.ColumnSpec;
import dev.ember.driver.data.DataPreparer;
import dev.ember.driver.data.DataSources;
import dev.ember.driver.data.ScoringData;
import dev.ember.driver.config.Task;
import dev.ember.driver.metrics.EvaluationResult;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.ModelFiles;
import dev.ember.kernels.Devices;
import dev.ember.worker.ComputeSettings;
import dev.ember.worker.Engine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;

/** The sub-commands: argument parsing and the glue to the jobs. */
final class Commands {
    static final String USAGE = """
            Usage: ember COMMAND [ARGS] [--verbose]
              train CONFIG.yaml [--set key=value ...]
              predict --model DIR --input PATH [--format F] --output PATH [--output-format parquet|csv|json]
              evaluate --model DIR --input PATH [--format F] [--label COLUMN] [--weight COLUMN] [--output FILE.json]
              devices
            Exit codes: 0 ok, 1 internal error, 2 bad input (config, data, model, arguments),
            3 training diverged, 4 Spark or file-system failure.""";

    private Commands() {}

    static int train(List<String> args, PrintStream out) throws IOException {
        if (args.isEmpty() || args.get(0).startsWith("--")) {
            throw new UsageException("train needs a config file: ember train CONFIG.yaml [--set key=value ...]");
        }
        Path file = Path.of(args.get(0));
        List<String> overrides = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            if (!args.get(i).equals("--set") || i + 1 >= args.size()) {
                throw new UsageException("unexpected argument '" + args.get(i) + "': train takes CONFIG.yaml and"
                        + " --set key=value pairs");
            }
            overrides.add(args.get(++i));
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException("config file " + file + " does not exist: pass the path of a job YAML file");
        }
        JobConfig cfg = JobConfig.load(file, overrides);
        SparkSession spark = SparkSessions.create(cfg.spark(), "Ember train " + file.getFileName());
        TrainJob.run(spark, cfg, out);
        return ExitCode.OK.code();
    }

    static int predict(List<String> args, PrintStream out) {
        Map<String, String> a = options(args, List.of("--model", "--input", "--format", "--output", "--output-format",
                "--master"), List.of("--model", "--input", "--output"));
        String outputFormat = a.getOrDefault("--output-format", "parquet").toLowerCase(Locale.ROOT);
        if (!List.of("parquet", "csv", "json").contains(outputFormat)) {
            throw new UsageException("--output-format must be parquet, csv or json, got '" + outputFormat + "'");
        }
        SparkSession spark = session(a, "Ember predict");
        org.apache.hadoop.fs.Path outPath = new org.apache.hadoop.fs.Path(a.get("--output"));
        try {
            FileSystem fs = outPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(outPath)) {
                throw new UsageException("--output " + outPath + " already exists: choose a new path");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Model model = ModelFiles.read(new org.apache.hadoop.fs.Path(a.get("--model")),
                spark.sparkContext().hadoopConfiguration());
        Dataset<Row> input = read(spark, a, model);
        Dataset<Row> scored = Predictor.predict(spark, input, model, ComputeSettings.defaults());
        if (outputFormat.equals("csv")) {
            scored = flattenArrays(scored);
        }
        scored.write().format(outputFormat).option("header", "true").save(outPath.toString());
        out.println("predictions for " + scored.count() + " rows written to " + outPath + " (" + outputFormat + ")");
        return ExitCode.OK.code();
    }

    static int evaluate(List<String> args, PrintStream out) throws IOException {
        Map<String, String> a = options(args, List.of("--model", "--input", "--format", "--label", "--weight",
                "--output", "--master"), List.of("--model", "--input"));
        SparkSession spark = session(a, "Ember evaluate");
        org.apache.hadoop.fs.Path target = a.get("--output") == null ? null
                : new org.apache.hadoop.fs.Path(a.get("--output"));
        FileSystem targetFs = target == null ? null : target.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (target != null && targetFs.exists(target)) {
            // checked before the evaluation runs, and never replaced: it may be a model's own metrics.json
            throw new UsageException("--output " + target + " already exists: choose a new path");
        }
        Model model = ModelFiles.read(new org.apache.hadoop.fs.Path(a.get("--model")),
                spark.sparkContext().hadoopConfiguration());
        Dataset<Row> input = read(spark, a, model);
        String label = a.getOrDefault("--label", model.preprocessing().label());
        ColumnSpec unweighted = Predictor.columns(model, label);
        // with --weight, the loss and metrics are weighted means (Σ w·ℓ / Σ w), as in training
        ColumnSpec columns = new ColumnSpec(unweighted.features(), unweighted.categorical(), unweighted.label(),
                a.get("--weight"), unweighted.task(), unweighted.numClasses(), unweighted.classNames());
        ScoringData data = DataPreparer.prepareForPrediction(input, columns,
                Predictor.standardizer(model), model.preprocessing().cardinalities(), null);
        try {
            Task task = model.task();
            int outputs = model.spec().outputWidth();
            EvaluationResult r = Evaluator.evaluate(
                    org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()), data.blocks(),
                    model.params(), model.spec().toJson(), ComputeSettings.defaults(), task, outputs, Engine.DEFAULT_MICRO_BATCH,
                    "Ember evaluate");
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("rows", data.rows());
            json.putAll(r.values());
            StringBuilder line = new StringBuilder("evaluation on " + data.rows() + " rows:");
            r.values().forEach((k, v) -> line.append(String.format(Locale.ROOT, "  %s %.4f", k, v)));
            out.println(line);
            if (target != null) {
                // a temporary name beside it, renamed when complete: a reader never sees half a file
                org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target.getParent(),
                        "." + target.getName() + ".tmp-" + java.util.UUID.randomUUID());
                try (OutputStream o = targetFs.create(tmp, false)) {
                    o.write(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                            .writeValueAsString(json).getBytes(StandardCharsets.UTF_8));
                }
                if (!targetFs.rename(tmp, target)) {
                    targetFs.delete(tmp, false);
                    throw new UsageException("--output " + target + " could not be written (it appeared while"
                            + " evaluating, or its folder is not writable): choose a new path");
                }
                out.println("metrics written to " + target);
            }
            return ExitCode.OK.code();
        } finally {
            data.unpersist();
        }
    }

    static int devices(PrintStream out) {
        Devices.print(out);
        return ExitCode.OK.code();
    }

    private static SparkSession session(Map<String, String> a, String name) {
        return SparkSessions.create(new SparkConfig(a.getOrDefault("--master", "local[*]"), Map.of()), name);
    }

    private static Dataset<Row> read(SparkSession spark, Map<String, String> a, Model model) {
        String format = a.getOrDefault("--format", "parquet");
        return DataSources.read(spark, format, a.get("--input"), Map.of(), true,
                spark.sparkContext().defaultParallelism());
    }

    /** CSV has no arrays or vectors: probability arrays and ml Vector columns become space-separated text. */
    private static Dataset<Row> flattenArrays(Dataset<Row> df) {
        for (var f : df.schema().fields()) {
            Column c = functions.col(f.name());
            if (f.dataType().equals(SQLDataTypes.VectorType())) {
                c = org.apache.spark.ml.functions.vector_to_array(c, "float64");
            } else if (!(f.dataType() instanceof ArrayType)) {
                continue;
            }
            df = df.withColumn(f.name(), functions.concat_ws(" ", c.cast("array<string>")));
        }
        return df;
    }

    /** {@code --key value} pairs; unknown keys and missing required ones are errors that name them. */
    static Map<String, String> options(List<String> args, List<String> known, List<String> required) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String k = args.get(i);
            if (!known.contains(k)) {
                throw new UsageException("unknown option '" + k + "': expected one of " + String.join(", ", known));
            }
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                throw new UsageException("option " + k + " needs a value");
            }
            out.put(k, args.get(++i));
        }
        for (String r : required) {
            if (!out.containsKey(r)) {
                throw new UsageException("missing " + r + ": see ember --help");
            }
        }
        return out;
    }
}
