// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import java.util.ArrayList;
import java.util.List;

/** The phases of repeated steps of one contender, plus its driver-side update, in ms. */
final class PhaseSamples {
    final List<Double> total = new ArrayList<>();
    final List<Double> submit = new ArrayList<>();
    final List<Double> schedule = new ArrayList<>();
    final List<Double> tasks = new ArrayList<>();
    final List<Double> finish = new ArrayList<>();
    final List<Double> taskRun = new ArrayList<>();
    final List<Double> update = new ArrayList<>();
    final List<Double> withUpdate = new ArrayList<>();

    void add(StepTimeline.Phases p, double updateMs, double exactTotalMs) {
        total.add(exactTotalMs);
        submit.add(p.submit());
        schedule.add(p.schedule());
        tasks.add(p.tasks());
        finish.add(p.finish());
        taskRun.add(p.taskRun());
        update.add(updateMs);
        withUpdate.add(exactTotalMs + updateMs);
    }

    Stats stepStats() {
        return Stats.of(total);
    }

    Stats withUpdateStats() {
        return Stats.of(withUpdate);
    }

    /** Cells in the order of {@link #COLUMNS}. */
    Object[] cells(String size, String contender) {
        return new Object[] {size, contender, Stats.of(total), Stats.of(submit), Stats.of(schedule), Stats.of(tasks),
                Stats.of(finish), Stats.of(taskRun), Stats.of(update), Stats.of(withUpdate)};
    }

    static final List<String> COLUMNS = List.of("params", "contender", "step ms", "broadcast+submit ms",
            "schedule ms", "tasks ms", "merge+finish ms", "task run ms (max)", "update ms", "step+update ms");
}
