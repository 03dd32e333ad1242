// SPDX-License-Identifier: Apache-2.0
package dev.ember.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes {@code examples/data/trees.csv}, the made-up data of {@link PipelineExample}: 100 trees of
 * each of three species (alder, birch, cedar), each with four measurements drawn from a normal
 * distribution per species and measurement ({@link #SPECIES}), rounded to two decimals, in a
 * shuffled order. {@link Random} with seed {@link #SEED} makes the file the same on every JVM:
 * {@code ./ember run-example TreeData} rewrites it byte for byte. Alder and birch overlap on every
 * measurement, so no classifier gets them all right; cedar (needles, thick bark) stands apart.
 */
public final class TreeData {
    public static final long SEED = 20240611L;
    public static final int PER_SPECIES = 100;
    public static final String HEADER = "leaf_length_cm,leaf_width_cm,bark_mm,height_m,species";

    /** Per species: the mean and standard deviation of each measurement, in header order. */
    private static final List<Species> SPECIES = List.of(
            new Species("alder", new double[] {7.5, 5.5, 11, 16}, new double[] {1.2, 1.0, 3, 4}),
            new Species("birch", new double[] {6.0, 4.0, 8, 19}, new double[] {1.0, 0.8, 2, 5}),
            new Species("cedar", new double[] {2.5, 0.4, 25, 30}, new double[] {0.6, 0.15, 5, 6}));

    private record Species(String name, double[] mean, double[] std) {}

    private TreeData() {}

    /** The CSV's lines, header first. */
    public static List<String> lines() {
        Random random = new Random(SEED);
        List<String> rows = new ArrayList<>();
        for (Species s : SPECIES) {
            for (int i = 0; i < PER_SPECIES; i++) {
                StringBuilder line = new StringBuilder();
                for (int j = 0; j < s.mean().length; j++) {
                    double v = Math.max(0.01, s.mean()[j] + s.std()[j] * random.nextGaussian());
                    line.append(String.format(Locale.ROOT, "%.2f,", v));
                }
                rows.add(line.append(s.name()).toString());
            }
        }
        Collections.shuffle(rows, random);
        rows.add(0, HEADER);
        return rows;
    }

    /** Writes the CSV to {@code args[0]} (default {@code examples/data/trees.csv}). */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "examples/data/trees.csv");
        Files.write(out, lines(), StandardCharsets.UTF_8);
        System.out.println("wrote " + (lines().size() - 1) + " rows to " + out);
    }
}
