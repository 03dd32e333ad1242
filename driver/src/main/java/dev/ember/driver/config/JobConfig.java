// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A whole training job: one YAML file plus {@code --set key=value} overrides, checked as one.
 * Read it with {@link #parse} or {@link #load}; every error is a {@link ConfigException} naming the key.
 * {@code output_mode} ({@link OutputMode}) defaults to {@code error}.
 * Checks that span sections live here (early stopping needs validation data, the metric fits the task).
 */
public record JobConfig(SparkConfig spark, DataConfig data, ModelConfig model, TrainingConfig training,
                        ComputeConfig compute, String output, OutputMode outputMode) {
    public JobConfig {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(compute, "compute");
        if (output == null || output.isBlank()) {
            throw new ConfigException("output is required: the directory (file:, hdfs:, s3a:) the model is written to");
        }
        Objects.requireNonNull(outputMode, "outputMode");
        EarlyStoppingConfig stop = training.earlyStopping();
        if (stop != null && !data.hasValidation()) {
            throw new ConfigException("training.early_stopping needs validation data: set data.validation to a"
                    + " fraction > 0 or a path");
        }
        if (stop != null && !stop.fits(model.task())) {
            throw new ConfigException("training.early_stopping.metric " + stop.metric() + " is not computed for"
                    + " model.task " + model.task());
        }
        if (model.task() == Task.BINARY && data.classCount() != null && data.classCount() != 2) {
            throw new ConfigException("data.classes must be 2 for model.task binary, got " + data.classCount());
        }
    }

    /** Parses YAML text, applies the overrides in order, and checks everything. */
    public static JobConfig parse(String yaml, List<String> overrides) {
        return JobConfigReader.read(yaml, overrides);
    }

    /** As {@link #parse}, reading a local file (for a file on HDFS, read the text first and call parse). */
    public static JobConfig load(Path file, List<String> overrides) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read the config file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, overrides);
    }
}
