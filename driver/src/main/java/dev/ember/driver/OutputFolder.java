// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.config.ConfigException;
import dev.ember.driver.config.OutputMode;
import dev.ember.driver.model.Folders;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.ModelFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * A run's output folder that appears only when complete.
 *
 * <p>Everything is written into a hidden temporary folder beside the target and renamed into place
 * at the end, so a failed run leaves no partial output and never touches a previous good model.
 * Modes: {@code error} (the default: an existing output is an error, checked before any work),
 * {@code overwrite} (the old folder is replaced only after the new one is complete) and
 * {@code versioned} ({@code OUTPUT/v-<UTC timestamp>}, then {@code OUTPUT/LATEST} names it).
 * Renames are atomic on HDFS and local disks; on object stores (s3a) they are copies, so a reader
 * there should follow {@code LATEST}, which is written last.
 *
 * <p>What cannot be lost: {@code overwrite} replaces only an Ember model folder (one holding
 * {@code model.json}), and no mode writes over an input of the run (the output may be neither an
 * input path nor a folder above one). {@code LATEST} is replaced by one atomic rename, so it names a
 * complete version at every instant. A run killed while committing leaves a hidden {@code .tmp-}
 * or {@code .old-} folder beside the output; the next run with that output removes the first and
 * puts the second back if the output itself is missing, and says so.
 */
public final class OutputFolder {
    public static final String LATEST = "LATEST";
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final FileSystem fs;
    private final Path target;
    private final OutputMode mode;
    private final Path tmp;
    private boolean committed;

    private OutputFolder(FileSystem fs, Path target, OutputMode mode, Path tmp) {
        this.fs = fs;
        this.target = target;
        this.mode = mode;
        this.tmp = tmp;
    }

    /** Checks the target before any work is done, with no inputs to protect. */
    public static OutputFolder prepare(String output, OutputMode mode, Configuration conf) throws IOException {
        return prepare(output, mode, Map.of(), conf, System.err);
    }

    /**
     * Checks the target before any work is done: that {@code mode} may write there, and that it is
     * none of {@code inputs} (config key to path) nor a folder holding one; then cleans up what an
     * interrupted commit to the same output left, logging it on {@code log}.
     */
    public static OutputFolder prepare(String output, OutputMode mode, Map<String, String> inputs, Configuration conf,
            PrintStream log) throws IOException {
        Path target = new Path(output);
        FileSystem fs = target.getFileSystem(conf);
        target = fs.makeQualified(target);
        for (Map.Entry<String, String> input : inputs.entrySet()) {
            Path in = new Path(input.getValue());
            in = in.getFileSystem(conf).makeQualified(in);
            if (isAtOrAbove(target, in)) {
                throw new ConfigException("output " + target + (target.equals(in) ? " is " : " holds ")
                        + input.getKey() + " (" + in + "): writing the model there would destroy an input;"
                        + " choose another output path");
            }
        }
        Folders.requireCreatable(fs, target, "output", false);
        recoverInterrupted(fs, target, log);
        if (mode == OutputMode.ERROR && fs.exists(target)) {
            throw new ConfigException("output " + target + " already exists: choose a new output path, or set"
                    + " output_mode: overwrite (or versioned)");
        }
        if (mode == OutputMode.OVERWRITE && fs.exists(target)
                && !(fs.getFileStatus(target).isDirectory() && fs.exists(new Path(target, ModelFiles.MODEL_JSON)))) {
            throw new ConfigException("output " + target + " exists and is not an Ember model folder (it has no "
                    + ModelFiles.MODEL_JSON + "): output_mode overwrite replaces only a model; choose another"
                    + " output path or remove it yourself");
        }
        if (mode == OutputMode.VERSIONED && fs.exists(target) && !fs.getFileStatus(target).isDirectory()) {
            throw new ConfigException("output " + target + " is a file; output_mode versioned needs a folder");
        }
        Path parent = mode == OutputMode.VERSIONED ? target : target.getParent();
        Path tmp = new Path(parent, "." + target.getName() + TMP + UUID.randomUUID());
        return new OutputFolder(fs, target, mode, tmp);
    }

    private static final String TMP = ".tmp-";
    private static final String OLD = ".old-";

    /** Whether {@code dir} is {@code path} or one of its ancestors. */
    private static boolean isAtOrAbove(Path dir, Path path) {
        for (Path p = path; p != null; p = p.getParent()) {
            if (p.equals(dir)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a run killed while committing left beside {@code target}: its hidden temporary folders
     * (deleted: their model never became the output) and the previous model moved aside by an
     * overwrite (put back when the output is missing, else deleted).
     */
    private static void recoverInterrupted(FileSystem fs, Path target, PrintStream log) throws IOException {
        Path parent = target.getParent();
        if (parent == null || !fs.exists(parent)) {
            return;
        }
        String prefix = "." + target.getName();
        List<Path> leftovers = new ArrayList<>();
        for (FileStatus st : fs.listStatus(parent, p -> p.getName().startsWith(prefix + TMP)
                || p.getName().startsWith(prefix + OLD))) {
            leftovers.add(st.getPath());
        }
        if (fs.exists(target) && fs.getFileStatus(target).isDirectory()) {
            for (FileStatus st : fs.listStatus(target, p -> p.getName().startsWith(prefix + TMP)
                    || p.getName().startsWith("." + LATEST + TMP))) {
                leftovers.add(st.getPath());
            }
        }
        for (Path p : leftovers) {
            if (p.getName().startsWith(prefix + OLD) && !fs.exists(target)) {
                if (fs.rename(p, target)) {
                    log.println("Ember: " + target + " was missing after an interrupted overwrite: the previous"
                            + " model was put back from " + p.getName());
                    continue;
                }
            }
            fs.delete(p, true);
            log.println("Ember: removed " + p + ", left by an interrupted run");
        }
    }

    /** Writes everything into the temporary folder, then moves it into place; returns the final folder. */
    public Path commit(Model model, java.util.Map<String, Object> metrics, byte[] reportPng) throws IOException {
        ModelFiles.write(model, tmp, fs.getConf());
        write(new Path(tmp, "metrics.json"), MetricsReport.json(metrics).getBytes(StandardCharsets.UTF_8));
        write(new Path(tmp, "report.png"), reportPng);
        Path finalPath = switch (mode) {
            case VERSIONED -> commitVersioned();
            case OVERWRITE -> commitOverwrite();
            case ERROR -> commitNew();
        };
        committed = true;
        return finalPath;
    }

    private Path commitNew() throws IOException {
        if (fs.exists(target)) {
            throw new ConfigException("output " + target + " appeared while training: it was not overwritten;"
                    + " the new model is lost, rerun with another output");
        }
        rename(tmp, target);
        return target;
    }

    private Path commitOverwrite() throws IOException {
        Path old = new Path(target.getParent(), "." + target.getName() + OLD + UUID.randomUUID());
        boolean hadOld = fs.exists(target);
        if (hadOld) {
            rename(target, old);
        }
        rename(tmp, target);
        if (hadOld) {
            fs.delete(old, true);
        }
        return target;
    }

    private Path commitVersioned() throws IOException {
        Path version = new Path(target, "v-" + VERSION.format(ZonedDateTime.now(ZoneOffset.UTC)));
        rename(tmp, version);
        Path latestTmp = new Path(target, "." + LATEST + TMP + UUID.randomUUID());
        write(latestTmp, (version.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        // one rename that replaces the old LATEST: never an instant without one (atomic on HDFS and POSIX disks)
        FileContext fc = FileContext.getFileContext(target.toUri(), fs.getConf());
        fc.rename(latestTmp, new Path(target, LATEST), Options.Rename.OVERWRITE);
        return version;
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    private void write(Path p, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(p, false)) {
            out.write(bytes);
        }
    }

    /** Removes the temporary folder unless the run committed. Safe to call always. */
    public void abandon() {
        if (committed) {
            return;
        }
        try {
            fs.delete(tmp, true);
        } catch (IOException e) {
            System.err.println("Ember: could not remove the temporary folder " + tmp + ": " + e.getMessage());
        }
    }
}
