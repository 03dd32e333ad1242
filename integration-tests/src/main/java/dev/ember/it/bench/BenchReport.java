// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark's outcome: its parameters, a table (named columns; cells are numbers, strings or
 * {@link Stats}), notes on what exactly was measured, the issue targets it checks, and the machine
 * load at its start and end. {@code skipped} or {@code failed} say why a benchmark has no figures.
 */
final class BenchReport {
    final String name;
    final String title;
    final Map<String, Object> params = new LinkedHashMap<>();
    final List<String> columns;
    final List<Map<String, Object>> rows = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<Target> targets = new ArrayList<>();
    double loadStart = Double.NaN;
    double loadEnd = Double.NaN;
    double seconds = Double.NaN;
    String skipped;
    String failed;

    BenchReport(String name, String title, List<String> columns) {
        this.name = name;
        this.title = title;
        this.columns = List.copyOf(columns);
    }

    BenchReport param(String key, Object value) {
        params.put(key, value);
        return this;
    }

    /** Adds a row: values in column order (fewer values leave the last cells empty). */
    BenchReport row(Object... values) {
        if (values.length > columns.size()) {
            throw new IllegalArgumentException("benchmark " + name + " row has " + values.length + " cells but "
                    + columns.size() + " columns " + columns);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            r.put(columns.get(i), values[i]);
        }
        rows.add(r);
        return this;
    }

    BenchReport note(String text) {
        notes.add(text);
        return this;
    }

    BenchReport target(Target t) {
        targets.add(t);
        return this;
    }
}
