// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * One IDX file (the MNIST format), plain or gzip-compressed, read through Hadoop's FileSystem so that
 * {@code hdfs://} and {@code s3a://} work. Header: two zero bytes, the element type (0x08 = unsigned
 * byte), the number of dimensions, then each dimension as a big-endian int; then the elements, row-major.
 * Images have magic 0x00000803 (count × rows × cols), labels 0x00000801 (count).
 */
record IdxFile(String path, boolean gzip, int[] dims) implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    /** Finds {@code name} or {@code name.gz} in {@code dir}, reads and checks its header. */
    static IdxFile open(Configuration conf, String dir, String name, int expectedMagic) {
        Path folder = new Path(dir);
        try {
            FileSystem fs = folder.getFileSystem(conf);
            for (String candidate : new String[] {name, name + ".gz"}) {
                Path p = new Path(folder, candidate);
                if (fs.exists(p)) {
                    return checked(fs, p, candidate.endsWith(".gz"), expectedMagic);
                }
            }
            String listing = fs.exists(folder) ? Arrays.toString(Arrays.stream(fs.listStatus(folder))
                    .map(s -> s.getPath().getName()).sorted().toArray()) : "nothing (the folder does not exist)";
            throw new DataException("IDX folder " + dir + " has no " + name + " (or " + name + ".gz); it holds "
                    + listing + ": point data.train at the folder with the four MNIST files");
        } catch (IOException e) {
            throw new DataException("cannot read IDX folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static IdxFile checked(FileSystem fs, Path p, boolean gzip, int expectedMagic) throws IOException {
        int[] dims;
        try (DataInputStream in = new DataInputStream(stream(fs, p, gzip))) {
            int magic = in.readInt();
            if (magic != expectedMagic) {
                throw new DataException("IDX file " + p + " starts with magic 0x" + String.format("%08x", magic)
                        + ", expected 0x" + String.format("%08x", expectedMagic) + ": it is not an MNIST "
                        + (expectedMagic == IMAGES_MAGIC ? "image" : "label") + " file (or it is still compressed)");
            }
            dims = new int[magic & 0xff];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = in.readInt();
                if (dims[i] <= 0) {
                    throw new DataException("IDX file " + p + " has dimension " + i + " = " + dims[i] + ": the header is corrupt");
                }
            }
        } catch (EOFException e) {
            throw new DataException("IDX file " + p + " is truncated inside its header", e);
        }
        IdxFile f = new IdxFile(p.toString(), gzip, dims);
        if (!gzip) {
            FileStatus st = fs.getFileStatus(p);
            long expected = f.headerBytes() + f.count() * f.itemBytes();
            if (st.getLen() != expected) {
                throw new DataException("IDX file " + p + " has " + st.getLen() + " bytes, but its header "
                        + Arrays.toString(dims) + " needs " + expected + ": the file is truncated or corrupt");
            }
        }
        return f;
    }

    static InputStream stream(FileSystem fs, Path p, boolean gzip) throws IOException {
        InputStream raw = fs.open(p);
        return gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    long headerBytes() {
        return 4L + 4L * dims.length;
    }

    long count() {
        return dims[0];
    }

    /** Bytes per item: rows × cols for images, 1 for labels. */
    int itemBytes() {
        int n = 1;
        for (int i = 1; i < dims.length; i++) {
            n = Math.multiplyExact(n, dims[i]);
        }
        return n;
    }

    /**
     * Items {@code [from, to)} as bytes. A plain file seeks; a gzip stream must decompress its way to
     * {@code from}, which costs a scan of the earlier part but no memory.
     */
    byte[] read(Configuration conf, long from, long to) {
        Path p = new Path(path);
        long offset = headerBytes() + from * itemBytes();
        byte[] out = new byte[Math.toIntExact((to - from) * itemBytes())];
        try (FSDataInputStream raw = p.getFileSystem(conf).open(p);
             InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
            if (gzip) {
                in.skipNBytes(offset);
            } else {
                raw.seek(offset);
            }
            int got = in.readNBytes(out, 0, out.length);
            if (got < out.length) {
                throw truncated(from + got / itemBytes());
            }
        } catch (EOFException e) {
            throw truncated(from);
        } catch (IOException e) {
            throw new DataException("cannot read IDX file " + path + ": " + e.getMessage(), e);
        }
        return out;
    }

    private DataException truncated(long itemsPresent) {
        return new DataException("IDX file " + path + " ends after about " + itemsPresent + " of the " + count()
                + " items its header announces: the file is truncated; download it again");
    }
}
