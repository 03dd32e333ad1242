// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import dev.ember.driver.model.Folders;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A folder of checkpoints on any Hadoop {@link FileSystem} ({@code file:}, {@code hdfs:},
 * {@code s3a:}). A checkpoint taken before step s is {@code step-<s, 12 digits>.ckpt}; it is written
 * as {@code .step-<s>.ckpt.tmp-<uuid>} and renamed when complete, and only then are older ones
 * beyond the newest {@code keep} deleted, so a crash at any moment leaves the previous checkpoints
 * intact. Renames are atomic on HDFS and local disks; on s3a a rename is a copy, but a reader
 * never sees a half-copied file as valid because of the SHA-256 check and the size check.
 *
 * <p>The store uses its own {@code FileSystem} instance with Hadoop's {@code .crc} side files
 * turned off: the format's own SHA-256 covers every byte, and an instance of its own keeps that
 * setting away from the shared, cached one.
 */
final class CheckpointStore implements Closeable {
    static final Pattern NAME = Pattern.compile("step-(\\d{12})\\.ckpt");
    private static final Pattern TEMP = Pattern.compile("\\.step-\\d{12}\\.ckpt\\.tmp-.*");

    /** A complete checkpoint file (by its name; its content is checked when read). */
    record Entry(Path path, long step) {}

    /** The newest readable checkpoint, and the newer files skipped because they were corrupt. */
    record Found(Checkpoint checkpoint, Path path, List<Path> skipped) {}

    private final FileSystem fs;
    private final Path dir;
    /** Whether this run made the folder: if it is still empty at the end, it goes again. */
    private boolean created;

    private CheckpointStore(FileSystem fs, Path dir) {
        this.fs = fs;
        this.dir = dir;
    }

    static CheckpointStore open(String dir, Configuration conf) throws IOException {
        Path path = new Path(dir);
        FileSystem fs = FileSystem.newInstance(path.toUri(), conf);
        fs.setWriteChecksum(false);
        fs.setVerifyChecksum(false);
        return new CheckpointStore(fs, fs.makeQualified(path));
    }

    /**
     * The run's own checkpoint folder, made now: a folder that cannot exist fails before training
     * instead of at the first checkpoint.
     */
    static CheckpointStore create(String dir, Configuration conf) throws IOException {
        CheckpointStore store = open(dir, conf);
        try {
            Folders.requireCreatable(store.fs, store.dir, "training.checkpoint.dir", true);
            store.created = !store.fs.exists(store.dir);
            store.fs.mkdirs(store.dir);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    Path dir() {
        return dir;
    }

    static String fileName(long step) {
        return String.format(Locale.ROOT, "step-%012d.ckpt", step);
    }

    /** Complete checkpoints by ascending step; empty when the folder does not exist. */
    List<Entry> list() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (FileStatus f : statuses()) {
            Matcher m = NAME.matcher(f.getPath().getName());
            if (f.isFile() && m.matches()) {
                out.add(new Entry(f.getPath(), Long.parseLong(m.group(1))));
            }
        }
        out.sort(Comparator.comparingLong(Entry::step));
        return out;
    }

    private FileStatus[] statuses() throws IOException {
        return fs.exists(dir) ? fs.listStatus(dir) : new FileStatus[0];
    }

    /** Writes {@code c} under a temporary name, renames it into place, then prunes to the newest {@code keep}. */
    Path save(Checkpoint c, int keep) throws IOException {
        fs.mkdirs(dir);
        String name = fileName(c.step());
        Path tmp = new Path(dir, "." + name + ".tmp-" + UUID.randomUUID());
        Path target = new Path(dir, name);
        try (OutputStream out = fs.create(tmp, false)) {
            CheckpointFormat.write(c, out);
        }
        if (fs.exists(target)) {
            fs.delete(target, false);   // the same step of the same run: an equal checkpoint
        }
        if (!fs.rename(tmp, target)) {
            fs.delete(tmp, false);
            throw new IOException("could not rename checkpoint " + tmp + " to " + target);
        }
        List<Entry> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            fs.delete(all.get(i).path(), false);
        }
        return target;
    }

    Checkpoint read(Path p) throws IOException {
        long length = fs.getFileStatus(p).getLen();
        try (InputStream in = fs.open(p)) {
            return CheckpointFormat.read(in, length, p.toString());
        }
    }

    /**
     * The newest checkpoint that reads back whole and checksum-valid, or null; every newer one that
     * does not is reported on {@code log} by name and reason, and listed in {@link Found#skipped}.
     */
    Found newestValid(PrintStream log) throws IOException {
        List<Entry> all = list();
        List<Path> skipped = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Path p = all.get(i).path();
            try {
                return new Found(read(p), p, List.copyOf(skipped));
            } catch (CorruptCheckpointException e) {
                log.println("warning: checkpoint " + e.getMessage() + "; skipping it");
                skipped.add(p);
            }
        }
        return null;
    }

    /** Deletes leftover temporary files (of a write that a crash interrupted); returns how many. */
    int deleteTemporaries() throws IOException {
        int n = 0;
        for (FileStatus f : statuses()) {
            if (TEMP.matcher(f.getPath().getName()).matches() && fs.delete(f.getPath(), false)) {
                n++;
            }
        }
        return n;
    }

    /** Deletes the complete checkpoints with a step above {@code step}; returns how many. */
    int deleteAfter(long step) throws IOException {
        int n = 0;
        for (Entry e : list()) {
            if (e.step() > step && fs.delete(e.path(), false)) {
                n++;
            }
        }
        return n;
    }

    void delete(Path p) throws IOException {
        fs.delete(p, false);
    }

    /** Deletes every checkpoint and temporary file, and the folder if nothing else is left in it. */
    int deleteAll() throws IOException {
        int n = deleteTemporaries() + deleteAfter(-1);
        if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
            fs.delete(dir, false);
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        try {
            if (created && fs.exists(dir) && fs.listStatus(dir).length == 0) {
                fs.delete(dir, false);   // a run that failed before its first checkpoint leaves no folder
            }
        } finally {
            fs.close();
        }
    }
}
