// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.state.EpochRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ember.driver.config.Task;
import dev.ember.driver.report.CurvePlot;
import dev.ember.worker.NetworkSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code metrics.json} and {@code report.png} of a run. metrics.json holds {@code epochs} (per
 * epoch: {@code epoch}, {@code train_loss}, {@code val_<metric>}), {@code final} (the same keys
 * for the returned model, plus {@code test_<metric>}), {@code steps}, {@code samples_per_second},
 * {@code wall_seconds}, {@code backend}/{@code device} and the model size.
 */
final class MetricsReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetricsReport() {}

    static Map<String, Object> metrics(Task task, Trainer.Result result, Map<String, Double> test, String executors,
            NetworkSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task.name().toLowerCase(Locale.ROOT));
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (EpochRecord r : result.epochs()) {
            epochs.add(epochEntry(r));
        }
        m.put("epochs", epochs);
        Map<String, Object> fin = new LinkedHashMap<>();
        if (result.bestEpoch() >= 1 && result.bestEpoch() <= result.epochs().size()) {
            fin.putAll(epochEntry(result.epochs().get(result.bestEpoch() - 1)));
        }
        fin.putAll(test);
        m.put("final", fin);
        m.put("best_epoch", result.bestEpoch());
        m.put("stopped_early", result.stoppedEarly());
        m.put("steps", result.steps());
        m.put("samples", result.samples());
        m.put("samples_per_second", result.samplesPerSecond());
        m.put("wall_seconds", result.wallSeconds());
        String[] backend = executors.replaceFirst("^backend ", "").split(" on ", 2);
        m.put("backend", backend[0]);
        m.put("device", backend.length > 1 ? backend[1] : "");
        m.put("executors", executors);
        m.put("parameters", spec.layout().total());
        return m;
    }

    private static Map<String, Object> epochEntry(EpochRecord r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("epoch", r.epoch());
        e.put("train_loss", r.trainLoss());
        r.validation().forEach((k, v) -> e.put("val_" + k, v));
        e.put("seconds", r.seconds());
        return e;
    }

    /** The part of the metrics stored in model.json. */
    static Map<String, Object> summary(Map<String, Object> metrics) {
        Map<String, Object> s = new LinkedHashMap<>();
        for (String k : List.of("final", "best_epoch", "steps", "samples_per_second", "wall_seconds", "backend",
                "device")) {
            s.put(k, metrics.get(k));
        }
        return s;
    }

    static String json(Map<String, Object> metrics) {
        try {
            return JSON.writeValueAsString(metrics) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metrics are not serialisable to JSON", e);
        }
    }

    static String format(Map<String, Double> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "  ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", v)));
        return sb.toString();
    }

    static byte[] reportPng(Trainer.Result result, Task task) {
        int n = result.epochs().size();
        double[] train = new double[n];
        double[] val = new double[n];
        double[] metric = new double[n];
        String metricName = switch (task) {
            case CLASSIFICATION, BINARY -> "accuracy";
            case REGRESSION -> "rmse";
        };
        for (int i = 0; i < n; i++) {
            EpochRecord r = result.epochs().get(i);
            train[i] = r.trainLoss();
            val[i] = r.validation().getOrDefault("loss", Double.NaN);
            metric[i] = r.validation().getOrDefault(metricName, Double.NaN);
        }
        Map<String, double[]> losses = new LinkedHashMap<>();
        losses.put("train loss", train);
        losses.put("validation loss", val);
        try {
            return CurvePlot.png("Ember training report", losses, "loss", Map.of("validation " + metricName, metric),
                    "validation " + metricName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
