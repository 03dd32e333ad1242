// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * What the bits of a run depend on in its input beyond the schema: the files read (paths, sizes,
 * modification times) and how the read cut them into partitions (rows per input partition). The
 * second matters because each row's global index, and so its batch and which task sums it, follows
 * input order, and Spark sizes file splits by the cores it has: the same files read on a machine
 * with other cores can come in another order. A checkpoint records this, so that a resume on other
 * data or another layout is refused instead of silently training another run.
 *
 * @param files     how many files were read (0 for data with no files, such as an in-memory DataFrame)
 * @param bytes     their total size
 * @param modified  the newest modification time among them (ISO-8601; "none" without files)
 * @param filesSha256 SHA-256 over every file's path, size and modification time, in path order
 * @param readPartitions how many partitions the read made
 * @param readLayoutSha256 SHA-256 over the rows of each input partition, in partition order
 */
public record InputFingerprint(int files, long bytes, String modified, String filesSha256, int readPartitions,
                               String readLayoutSha256) {

    /** The fingerprint of reading {@code paths} (fully qualified file paths) into partitions of {@code rows} rows. */
    static InputFingerprint of(List<String> paths, long[] rows, Configuration conf) {
        List<String> sorted = new ArrayList<>(paths);
        sorted.sort(null);
        MessageDigest files = sha256();
        long bytes = 0;
        long newest = Long.MIN_VALUE;
        for (String p : sorted) {
            FileStatus s;
            try {
                Path path = new Path(p);
                s = path.getFileSystem(conf).getFileStatus(path);
            } catch (IOException e) {
                throw new DataException("cannot read the size and time of input file " + p + ": " + e.getMessage(), e);
            }
            bytes += s.getLen();
            newest = Math.max(newest, s.getModificationTime());
            files.update((p + "\t" + s.getLen() + "\t" + s.getModificationTime() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        MessageDigest layout = sha256();
        for (long n : rows) {
            layout.update((n + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return new InputFingerprint(sorted.size(), bytes,
                sorted.isEmpty() ? "none" : Instant.ofEpochMilli(newest).toString(), hex(files), rows.length, hex(layout));
    }

    /** As settings a checkpoint records, by name ({@code data.input.files}, ...). */
    public Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data.input.files", Integer.toString(files));
        m.put("data.input.bytes", Long.toString(bytes));
        m.put("data.input.modified", modified);
        m.put("data.input.files_sha256", filesSha256);
        m.put("data.input.read_partitions", Integer.toString(readPartitions));
        m.put("data.input.read_layout_sha256", readLayoutSha256);
        return m;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String hex(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest());
    }
}
