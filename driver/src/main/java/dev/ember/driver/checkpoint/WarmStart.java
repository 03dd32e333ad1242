// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import dev.ember.driver.config.ConfigException;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.ModelFiles;
import dev.ember.driver.model.Preprocessing;
import dev.ember.tensor.ParamLayout;
import dev.ember.worker.NetworkSpec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * {@code training.init_from}: this run starts from a saved model's parameters instead of a random
 * initialisation. The model must have the same architecture (the same named parameter slices with
 * the same shapes); with {@code init_from_partial: true}, only the slices whose name and shape
 * match are copied and the rest keep their fresh initialisation, and the log lists both.
 *
 * <p>The optimiser state, the step count and the schedule start afresh. Standardisation: the
 * statistics of THIS run's training data are used and saved with the new model, as for any run, so
 * a model always carries the transform of the data it was last fitted to and tracks drift from run
 * to run; the old model's statistics would freeze the inputs' scale at its first training. When
 * the data are similar the two differ little (the log says by how much) and the first steps absorb
 * the difference.
 */
public final class WarmStart {
    private WarmStart() {}

    /** Overwrites {@code params} (already initialised for {@code spec}) with the saved model's values. */
    public static void apply(String modelDir, boolean partial, NetworkSpec spec, float[] params,
            Preprocessing current, Configuration conf, PrintStream log) {
        Model model = ModelFiles.read(new Path(modelDir), conf);
        ParamLayout from = model.spec().layout();
        ParamLayout to = spec.layout();
        if (!partial && !from.equals(to)) {
            throw new ConfigException("training.init_from " + modelDir + " has a different architecture: "
                    + firstDifference(to, from) + "; set training.init_from_partial: true to copy only the layers"
                    + " whose shapes match");
        }
        List<String> copied = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (ParamLayout.Slice s : to.slices()) {
            ParamLayout.Slice old = from.contains(s.name()) ? from.slice(s.name()) : null;
            if (old != null && old.rows() == s.rows() && old.cols() == s.cols()) {
                System.arraycopy(model.params(), old.offset(), params, s.offset(), s.size());
                copied.add(describe(s));
            } else {
                fresh.add(describe(s) + (old == null ? " (absent there)" : " (" + old.rows() + "x" + old.cols()
                        + " there)"));
            }
        }
        if (copied.isEmpty()) {
            throw new ConfigException("training.init_from " + modelDir + ": no layer's parameters have a matching"
                    + " name and shape (this model: " + to + ", that one: " + from + ")");
        }
        log.println("init_from " + modelDir + ": copied " + String.join(", ", copied)
                + (fresh.isEmpty() ? "" : "; initialised afresh: " + String.join(", ", fresh)));
        logStandardisation(model.preprocessing(), current, log);
    }

    private static String describe(ParamLayout.Slice s) {
        return s.name() + " " + s.rows() + "x" + s.cols();
    }

    private static String firstDifference(ParamLayout here, ParamLayout there) {
        int n = Math.min(here.slices().size(), there.slices().size());
        for (int i = 0; i < n; i++) {
            ParamLayout.Slice a = here.slices().get(i);
            ParamLayout.Slice b = there.slices().get(i);
            if (!a.name().equals(b.name()) || a.rows() != b.rows() || a.cols() != b.cols()) {
                return "parameter " + i + " is " + describe(a) + " here, " + describe(b) + " there";
            }
        }
        return "this model has " + here.slices().size() + " parameter slices, that one " + there.slices().size();
    }

    /** Says which statistics are used and how far the saved model's are from them. */
    private static void logStandardisation(Preprocessing old, Preprocessing current, PrintStream log) {
        if (!current.standardized()) {
            return;
        }
        if (!old.standardized() || old.mean().length != current.mean().length) {
            log.println("init_from: standardisation uses this run's training data (the saved model had none)");
            return;
        }
        double shift = 0;
        for (int j = 0; j < current.mean().length; j++) {
            shift = Math.max(shift, Math.abs(old.mean()[j] - current.mean()[j]) / current.std()[j]);
            shift = Math.max(shift, Math.abs(Math.log(old.std()[j] / current.std()[j])));
        }
        log.printf(Locale.ROOT, "init_from: standardisation uses this run's training data; the saved model's"
                + " statistics differ by at most %.3g (mean shift in new standard deviations, or log std ratio)%n",
                shift);
    }
}
