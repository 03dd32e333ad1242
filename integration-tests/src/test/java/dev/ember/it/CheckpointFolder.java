// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A training run's checkpoint folder seen from outside the run, as an operator would list it: the steps
 * of the complete checkpoints ({@code step-<12 digits>.ckpt}); temporary files of a write in progress do
 * not count.
 */
final class CheckpointFolder {
    private static final Pattern COMPLETE = Pattern.compile("step-(\\d{12})\\.ckpt");

    private final FileSystem fs;
    private final Path dir;

    CheckpointFolder(FileSystem fs, Path dir) {
        this.fs = fs;
        this.dir = dir;
    }

    /** The file name of the checkpoint taken before {@code step}. */
    static String fileName(long step) {
        return String.format(Locale.ROOT, "step-%012d.ckpt", step);
    }

    /** The steps of the complete checkpoints, ascending; empty when the folder does not exist. */
    List<Long> steps() {
        try {
            List<Long> steps = new ArrayList<>();
            if (!fs.exists(dir)) {
                return steps;
            }
            for (FileStatus f : fs.listStatus(dir)) {
                Matcher m = COMPLETE.matcher(f.getPath().getName());
                if (f.isFile() && m.matches()) {
                    steps.add(Long.parseLong(m.group(1)));
                }
            }
            steps.sort(null);
            return steps;
        } catch (FileNotFoundException goneWhileListing) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoint folder " + dir, e);
        }
    }

    long newest() {
        List<Long> steps = steps();
        return steps.isEmpty() ? -1 : steps.get(steps.size() - 1);
    }
}
