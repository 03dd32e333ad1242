// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import dev.ember.driver.optim.Schedule;
import dev.ember.driver.optim.ScheduleSpec;
import dev.ember.driver.optim.Schedules;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code training.schedule}: its name, the schedule as read ({@code warmup_steps} or
 * {@code warmup_epochs} with any of them), and its options as written, which a resumed run
 * compares with the checkpoint's. A schedule needs the run's length, so {@link #build} makes it per
 * run; the record checks at config time that it builds for a long run, so errors name the key
 * before Spark starts.
 */
public record ScheduleConfig(String name, ScheduleSpec spec, Map<String, String> written) {
    public ScheduleConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        written = Collections.unmodifiableMap(new LinkedHashMap<>(written));
        build(name, spec, 1e-3, 1_000_000, 1_000);
    }

    public static ScheduleConfig defaults() {
        return new ScheduleConfig("constant", new ScheduleSpec.Constant(), Map.of());
    }

    /** The schedule for a run of {@code totalSteps} steps of {@code stepsPerEpoch} each. */
    public Schedule build(double baseLr, long totalSteps, long stepsPerEpoch) {
        return build(name, spec, baseLr, totalSteps, stepsPerEpoch);
    }

    private static Schedule build(String name, ScheduleSpec spec, double baseLr, long totalSteps,
            long stepsPerEpoch) {
        try {
            return Schedules.build(spec, baseLr, totalSteps, stepsPerEpoch);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigMessages.nameKeys("training.schedule", name, e.getMessage()));
        }
    }
}
