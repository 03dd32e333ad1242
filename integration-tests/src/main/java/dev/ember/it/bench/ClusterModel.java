// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The step-time model of docs/scaling.md, fitted to the cluster benchmark's figures, and its
 * predictions. A step on E executors (one core, one partition each) with P parameters and batch B:
 * <pre>
 * T = κ·P·m(B, E)                     compute on the partition with the most rows of the batch
 *   + α·S + β·N                        per stage (S stages) and per task (N tasks: E + tree reducers)
 *   + γ·P·S + δ·P·R                    per parameter: once per stage in parallel; per result merged
 *                                      serially at a merge point (R = driver's results + each level's fan-in)
 *   + [4P·(1 + R) + (E − 1)·min(4P, 4 MiB)] / W     bytes on the network of bandwidth W (torrent
 *                                      broadcast: every executor's first piece comes from the driver)
 *   + u·P                              the driver's update
 * </pre>
 * The tree is Spark's treeAggregate at Ember's depth (1 up to 8 partitions, 2 up to 64, else 3).
 * A batch is a slice of a random permutation of the rows, so a partition's share is binomial and the
 * step waits for the largest: m(B, E) = B/E + σ·√(2 ln E), σ = √(B/E·(1 − 1/E)) (an upper estimate
 * of the largest of E such shares), capped at B.
 *
 * <p>Fit (each figure the minimum of a contender's repeats: the step least disturbed by other work
 * on a shared machine, close to the median on a quiet one): β is the cost per task of a job of 64
 * empty tasks over one of 2 on the same executors; on loopback with E ≤ 2 (S = 1, N = R = E) the
 * no-compute step minus the update is {@code α + β·E + (γ + δ·E)·P}, so the lines through the two
 * sizes at E = 1 and 2 give γ + δ and γ + 2δ (slopes) and α (intercepts less β·E, averaged). A
 * coefficient fitted negative is set to 0 (γ or δ: the other is refitted). κ and u are
 * least-squares slopes through 0: training minus no-compute step against P·m(B, E), update against P.
 */
record ClusterModel(Fit standalone, Fit local, double kappa, double kappaLocal, double u) {
    static final double GBIT10 = 10e9 / 8;
    private static final double PIECE = 4 << 20;

    /** α, β in ms; γ, δ in ms per parameter; {@code clamped} names coefficients set to 0. */
    record Fit(double alpha, double beta, double gamma, double delta, List<String> clamped) {}

    /** Fits from {@link ClusterBench}'s figures (keys from {@link ClusterBench#key}). */
    static ClusterModel fromFigures(Map<String, Stats> m, int[] sizes) {
        double[] po = {m.get("params-overhead-" + sizes[0]).min(), m.get("params-overhead-" + sizes[1]).min()};
        double[] pt = new double[2];
        for (int i = 0; i < 2; i++) {
            pt[i] = m.get("params-train-" + ClusterBench.BATCHES[0] + "-" + sizes[i]).min();
        }
        double uNum = 0;
        double uDen = 0;
        for (String master : List.of("local", "standalone")) {
            for (int e = 1; e <= 2; e++) {
                for (int i = 0; i < 2; i++) {
                    uNum += get(m, "overhead-update", sizes[i], master, e) * po[i];
                    uDen += po[i] * po[i];
                }
            }
        }
        return new ClusterModel(fit(m, sizes, po, "standalone"), fit(m, sizes, po, "local"),
                kappa(m, sizes, po, pt, "standalone"), kappa(m, sizes, po, pt, "local"), uNum / uDen);
    }

    private static Fit fit(Map<String, Stats> m, int[] sizes, double[] p, String master) {
        int[] tasks = ClusterBench.TASKS;
        double beta = (get(m, "tasks", 0, master, tasks[1]) - get(m, "tasks", 0, master, tasks[0]))
                / (tasks[1] - tasks[0]);
        double[] a = new double[3];
        double[] b = new double[3];
        for (int e = 1; e <= 2; e++) {
            double y0 = get(m, "overhead", sizes[0], master, e) - get(m, "overhead-update", sizes[0], master, e);
            double y1 = get(m, "overhead", sizes[1], master, e) - get(m, "overhead-update", sizes[1], master, e);
            b[e] = (y1 - y0) / (p[1] - p[0]);
            a[e] = y0 - b[e] * p[0];
        }
        List<String> clamped = new ArrayList<>();
        if (beta < 0) {
            clamped.add("β");
            beta = 0;
        }
        double alpha = (a[1] - beta + a[2] - 2 * beta) / 2;
        if (alpha < 0) {
            clamped.add("α");
            alpha = 0;
        }
        double delta = b[2] - b[1];
        double gamma = 2 * b[1] - b[2];
        if (delta < 0) {
            clamped.add("δ");
            delta = 0;
            gamma = Math.max(0, (b[1] + b[2]) / 2);
        } else if (gamma < 0) {
            clamped.add("γ");
            gamma = 0;
            delta = Math.max(0, (b[1] + 2 * b[2]) / 5);
        }
        if (gamma == 0 && !clamped.contains("γ")) {
            clamped.add("γ");
        }
        if (delta == 0 && !clamped.contains("δ")) {
            clamped.add("δ");
        }
        return new Fit(alpha, beta, gamma, delta, clamped);
    }

    private static double get(Map<String, Stats> m, String kind, int size, String master, int partitions) {
        return m.get(kind + "/" + size + "/" + master + "/" + partitions).min();
    }

    /** ms per parameter and sample: (training − no-compute step) against P·m(B, E) over both batches, through 0. */
    private static double kappa(Map<String, Stats> m, int[] sizes, double[] po, double[] pt, String master) {
        double num = 0;
        double den = 0;
        for (int batch : ClusterBench.BATCHES) {
            for (int i = 0; i < 2; i++) {
                for (int e = 1; e <= 2; e++) {
                    double extra = get(m, "train-" + batch, sizes[i], master, e)
                            - get(m, "overhead", sizes[i], master, e) * pt[i] / po[i];
                    double x = pt[i] * rowsMax(batch, e);
                    num += extra * x;
                    den += x * x;
                }
            }
        }
        return num / den;
    }

    /** Predicted step time in ms with the standalone fit on a network of {@code bytesPerSecond}. */
    double stepMs(double p, int e, int batch, double bytesPerSecond) {
        Tree t = Tree.of(e);
        Fit f = standalone;
        double compute = kappa * p * rowsMax(batch, e);
        double cpu = f.alpha() * t.stages() + f.beta() * t.tasks() + f.gamma() * p * t.stages()
                + f.delta() * p * t.serialResults();
        double bytes = 4 * p * (1 + t.serialResults()) + (e - 1) * Math.min(4 * p, PIECE);
        return compute + cpu + bytes / bytesPerSecond * 1000 + u * p;
    }

    /** m(B, E): the rows of a batch of {@code batch} on the fullest of {@code e} partitions (see above). */
    static double rowsMax(int batch, int e) {
        if (e == 1) {
            return batch;
        }
        double mean = (double) batch / e;
        return Math.min(batch, mean + Math.sqrt(2 * Math.log(e) * mean * (1 - 1.0 / e)));
    }

    /**
     * Spark's treeAggregate over {@code e} partitions at Ember's depth: stages, tasks, and results
     * merged one after another at merge points (the driver's, plus the largest fan-in of each level).
     */
    record Tree(int stages, int tasks, int serialResults) {
        static Tree of(int e) {
            int depth = e <= 8 ? 1 : e <= 64 ? 2 : 3;
            int scale = Math.max((int) Math.ceil(Math.pow(e, 1.0 / depth)), 2);
            int n = e;
            int stages = 1;
            int tasks = e;
            int serial = 0;
            while (depth > 1 && n > scale + Math.ceil((double) n / scale)) {
                int prev = n;
                n /= scale;
                stages++;
                tasks += n;
                serial += (prev + n - 1) / n;
            }
            return new Tree(stages, tasks, serial + n);
        }
    }

    void addTo(BenchReport report) {
        report.note(String.format(Locale.ROOT, "Scaling model fit (docs/scaling.md; minimum of each contender's"
                + " repeats): standalone α %s ms/stage, β %s ms/task (64 vs 2 empty tasks), γ %s ms per M params"
                + " per stage, δ %s ms per M params per merged result%s; local[2] α %s, β %s, γ %s, δ %s%s;"
                + " update u %s ms per M params; compute κ %s ns per param-sample on the cluster (%s GFLOP/s"
                + " per executor at 6 FLOP each), %s ns in local[2].",
                Fmt.num(standalone.alpha()), Fmt.num(standalone.beta()), Fmt.num(standalone.gamma() * 1e6),
                Fmt.num(standalone.delta() * 1e6), clampedText(standalone), Fmt.num(local.alpha()),
                Fmt.num(local.beta()), Fmt.num(local.gamma() * 1e6), Fmt.num(local.delta() * 1e6),
                clampedText(local), Fmt.num(u * 1e6), Fmt.num(kappa * 1e6), Fmt.num(6 / (kappa * 1e6)),
                Fmt.num(kappaLocal * 1e6)));
        for (double p : new double[] {250_000, 2_500_000}) {
            for (int batch : new int[] {128, 4096}) {
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                        "Predicted at 10 Gbit/s, %s params, batch %d:", p >= 1e6 ? "2.5M" : "250k", batch));
                double one = stepMs(p, 1, batch, GBIT10);
                for (int e : new int[] {1, 16, 64, 256}) {
                    double t = stepMs(p, e, batch, GBIT10);
                    sb.append(String.format(Locale.ROOT, " E=%d %s ms, %s samples/s, efficiency %s;", e, Fmt.num(t),
                            Fmt.num(batch * 1000 / t), Fmt.percent(one / (e * t))));
                }
                report.note(sb.substring(0, sb.length() - 1) + ".");
            }
        }
    }

    private static String clampedText(Fit f) {
        return f.clamped().isEmpty() ? "" : " (" + String.join(", ", f.clamped()) + " fitted negative, set to 0)";
    }
}
