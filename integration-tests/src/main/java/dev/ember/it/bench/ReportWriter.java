// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the reports as one JSON document and as markdown (a table per benchmark, then the targets). */
final class ReportWriter {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportWriter() {}

    static void write(Path json, Path markdown, Machine machine, List<String> args, List<BenchReport> reports)
            throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", "./ember bench " + String.join(" ", args));
        doc.put("machine", machine.describe());
        List<Object> benches = new ArrayList<>();
        for (BenchReport r : reports) {
            benches.add(toJson(r, machine));
        }
        doc.put("benchmarks", benches);
        doc.put("targets", reports.stream().flatMap(r -> r.targets.stream()).map(ReportWriter::toJson).toList());
        Files.writeString(json, JSON.writeValueAsString(doc) + "\n", StandardCharsets.UTF_8);
        Files.writeString(markdown, markdown(machine, args, reports), StandardCharsets.UTF_8);
    }

    static String markdown(Machine machine, List<String> args, List<BenchReport> reports) {
        StringBuilder sb = new StringBuilder("# Ember benchmarks\n\n");
        sb.append(String.format(Locale.ROOT, "`./ember bench %s` on %d cores, %s, Java %s.%n%n", String.join(" ", args),
                machine.cores(), machine.model(), System.getProperty("java.version")));
        for (BenchReport r : reports) {
            sb.append(markdown(r)).append('\n');
        }
        sb.append(summary(reports));
        return sb.toString();
    }

    static String markdown(BenchReport r) {
        StringBuilder sb = new StringBuilder("## ").append(r.name).append(": ").append(r.title).append("\n\n");
        sb.append(String.format(Locale.ROOT, "load average %s at start, %s at end; %s s%n%n", Fmt.num(r.loadStart),
                Fmt.num(r.loadEnd), Fmt.num(r.seconds)));
        if (!r.params.isEmpty()) {
            List<String> p = new ArrayList<>();
            r.params.forEach((k, v) -> p.add(k + "=" + v));
            sb.append("Parameters: ").append(String.join(", ", p)).append("\n\n");
        }
        if (r.skipped != null) {
            sb.append("SKIPPED: ").append(r.skipped).append("\n\n");
        }
        if (r.failed != null) {
            sb.append("FAILED: ").append(r.failed).append("\n\n");
        }
        if (!r.rows.isEmpty()) {
            sb.append("| ").append(String.join(" | ", r.columns)).append(" |\n");
            sb.append("|").append(" --- |".repeat(r.columns.size())).append('\n');
            for (Map<String, Object> row : r.rows) {
                List<String> cells = new ArrayList<>();
                for (String c : r.columns) {
                    cells.add(cell(row.get(c)));
                }
                sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
            }
            sb.append('\n');
        }
        for (String n : r.notes) {
            sb.append("- ").append(n).append('\n');
        }
        if (!r.notes.isEmpty()) {
            sb.append('\n');
        }
        return sb.toString();
    }

    static String summary(List<BenchReport> reports) {
        StringBuilder sb = new StringBuilder("## Targets\n\n");
        boolean any = false;
        for (BenchReport r : reports) {
            for (Target t : r.targets) {
                sb.append("- ").append(r.name).append(": ").append(t.describe()).append('\n');
                any = true;
            }
            if (r.skipped != null || r.failed != null) {
                sb.append("- ").append(r.name).append(": no figures (").append(r.skipped != null ? "skipped: "
                        + r.skipped : "failed: " + r.failed).append(")\n");
                any = true;
            }
        }
        if (!any) {
            sb.append("- none checked in this run\n");
        }
        return sb.toString();
    }

    private static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Stats s) {
            return s.format();
        }
        if (v instanceof Fmt.Shown s) {
            return s.text();
        }
        if (v instanceof Double d) {
            return Fmt.num(d);
        }
        if (v instanceof Float f) {
            return Fmt.num(f);
        }
        return v.toString().replace("|", "\\|");
    }

    private static Map<String, Object> toJson(BenchReport r, Machine machine) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name);
        m.put("title", r.title);
        m.put("params", r.params);
        Map<String, Object> mi = new LinkedHashMap<>(machine.describe());
        mi.put("load_average_start", r.loadStart);
        mi.put("load_average_end", r.loadEnd);
        m.put("machine", mi);
        m.put("seconds", Fmt.round(r.seconds));
        if (r.skipped != null) {
            m.put("skipped", r.skipped);
        }
        if (r.failed != null) {
            m.put("failed", r.failed);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : r.rows) {
            Map<String, Object> out = new LinkedHashMap<>();
            row.forEach((k, v) -> out.put(k, jsonValue(v)));
            rows.add(out);
        }
        m.put("rows", rows);
        m.put("notes", r.notes);
        m.put("targets", r.targets.stream().map(ReportWriter::toJson).toList());
        return m;
    }

    private static Object jsonValue(Object v) {
        if (v instanceof Stats s) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("median", Fmt.round(s.median()));
            m.put("min", Fmt.round(s.min()));
            m.put("max", Fmt.round(s.max()));
            m.put("n", s.n());
            return m;
        }
        if (v instanceof Double d) {
            return Double.isNaN(d) ? null : Fmt.round(d);
        }
        if (v instanceof Fmt.Shown s) {
            return Double.isNaN(s.value()) ? null : Fmt.round(s.value());
        }
        return v;
    }

    private static Map<String, Object> toJson(Target t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("goal", t.goal());
        m.put("issue", t.issue());
        m.put("value", Double.isNaN(t.value()) ? null : Fmt.round(t.value()));
        m.put("threshold", t.threshold());
        m.put("comparison", t.atMost() ? "<=" : ">=");
        m.put("met", t.met());
        if (t.why() != null) {
            m.put("why", t.why());
        }
        return m;
    }
}
