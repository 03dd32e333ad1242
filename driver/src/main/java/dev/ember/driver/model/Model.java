// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.model;

import dev.ember.driver.config.Task;
import dev.ember.worker.NetworkSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained network: its description, its flat parameters, the preprocessing of its inputs and
 * what its outputs mean.
 *
 * @param task       what the label means
 * @param labelNames class names in index order (classification), else empty
 * @param summary    free-form training summary (steps, metrics, backend) stored in model.json
 */
public record Model(NetworkSpec spec, float[] params, Preprocessing preprocessing, Task task,
                    List<String> labelNames, Map<String, Object> summary) {
    public Model {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(preprocessing, "preprocessing");
        labelNames = List.copyOf(labelNames);
        summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        if (params.length != spec.layout().total()) {
            throw new IllegalArgumentException("model has " + params.length + " parameters but its network needs "
                    + spec.layout().total());
        }
    }

    public Model withSummary(Map<String, Object> newSummary) {
        return new Model(spec, params, preprocessing, task, labelNames, newSummary);
    }
}
