// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.config.ConfigException;
import dev.ember.driver.config.OutputMode;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.ModelFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
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

    /** Checks the target before any work is done. */
    public static OutputFolder prepare(String output, OutputMode mode, Configuration conf) throws IOException {
        Path target = new Path(output);
        FileSystem fs = target.getFileSystem(conf);
        target = fs.makeQualified(target);
        if (mode == OutputMode.ERROR && fs.exists(target)) {
            throw new ConfigException("output " + target + " already exists: choose a new output path, or set"
                    + " output_mode: overwrite (or versioned)");
        }
        if (mode == OutputMode.VERSIONED && fs.exists(target) && !fs.getFileStatus(target).isDirectory()) {
            throw new ConfigException("output " + target + " is a file; output_mode versioned needs a folder");
        }
        Path parent = mode == OutputMode.VERSIONED ? target : target.getParent();
        Path tmp = new Path(parent, "." + target.getName() + ".tmp-" + UUID.randomUUID());
        return new OutputFolder(fs, target, mode, tmp);
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
        Path old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
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
        Path latestTmp = new Path(target, "." + LATEST + ".tmp-" + UUID.randomUUID());
        write(latestTmp, (version.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        Path latest = new Path(target, LATEST);
        if (fs.exists(latest)) {
            fs.delete(latest, false);
        }
        rename(latestTmp, latest);
        return version;
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    private void write(Path p, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(p, true)) {
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
