// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import dev.ember.driver.optim.Schedule;
import dev.ember.driver.optim.Schedules;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code training.schedule}: a name and that schedule's options ({@code warmup_steps} or
 * {@code warmup_epochs} with any of them). Options and defaults belong to {@link Schedules}; the
 * record checks at config time that they build, so errors name the key before Spark starts.
 */
public record ScheduleConfig(String name, Map<String, Object> options) {
    public ScheduleConfig {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        build(name, options, 1e-3, 1_000_000, 1_000);
    }

    public static ScheduleConfig defaults() {
        return new ScheduleConfig("constant", Map.of());
    }

    /** The schedule for a run of {@code totalSteps} steps of {@code stepsPerEpoch} each. */
    public Schedule build(double baseLr, long totalSteps, long stepsPerEpoch) {
        return build(name, options, baseLr, totalSteps, stepsPerEpoch);
    }

    private static Schedule build(String name, Map<String, Object> options, double baseLr, long totalSteps,
            long stepsPerEpoch) {
        try {
            return Schedules.fromConfig(name, options, baseLr, totalSteps, stepsPerEpoch);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigMessages.nameKeys("training.schedule", name, e.getMessage()));
        }
    }
}
