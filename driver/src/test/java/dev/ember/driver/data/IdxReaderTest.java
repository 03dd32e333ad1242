// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import dev.ember.driver.config.Task;
import dev.ember.worker.Block;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiny IDX files written here (3×2 images) round-trip through the distributed reader. */
class IdxReaderTest extends SparkTestBase {
    private static final int H = 3;
    private static final int W = 2;

    /** Pixel j of image i: a value that differs for every (i, j) and covers 0 and 255. */
    private static int pixel(int i, int j) {
        return (i * 37 + j * 101) % 256;
    }

    private static byte[] images(int n) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxFile.IMAGES_MAGIC);
        out.writeInt(n);
        out.writeInt(H);
        out.writeInt(W);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < H * W; j++) {
                out.writeByte(pixel(i, j));
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] labels(int n, int offset) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxFile.LABELS_MAGIC);
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeByte((i + offset) % 10);
        }
        return bytes.toByteArray();
    }

    private static void write(Path dir, String name, byte[] content, boolean gzip) throws IOException {
        Path p = dir.resolve(gzip ? name + ".gz" : name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(content);
        }
    }

    private static void writeSet(Path dir, int train, int test, boolean gzip) throws IOException {
        write(dir, "train-images-idx3-ubyte", images(train), gzip);
        write(dir, "train-labels-idx1-ubyte", labels(train, 0), gzip);
        write(dir, "t10k-images-idx3-ubyte", images(test), gzip);
        write(dir, "t10k-labels-idx1-ubyte", labels(test, 3), gzip);
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void roundTripsInFileOrderAcrossPartitions(boolean gzip, @TempDir Path dir) throws IOException {
        writeSet(dir, 23, 7, gzip);
        Dataset<Row> df = DataSources.read(spark, "idx", dir.toUri().toString(), Map.of(), false, 3);
        assertEquals(3, df.rdd().getNumPartitions());
        List<Row> rows = df.collectAsList();
        assertEquals(23, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            double[] x = ((Vector) rows.get(i).get(0)).toArray();
            assertEquals(H * W, x.length);
            for (int j = 0; j < x.length; j++) {
                assertEquals(pixel(i, j) / 255.0, x[j], 1e-12, "image " + i + " pixel " + j);
            }
            assertEquals(i % 10, rows.get(i).getDouble(1), "label of image " + i);
        }
        List<Row> test = DataSources.read(spark, "idx", dir.toString(), Map.of(), true, 2).collectAsList();
        assertEquals(7, test.size());
        assertEquals(3.0, test.get(0).getDouble(1));
        assertEquals(7, DataSources.read(spark, "idx", dir.toString(), Map.of("split", "test"), false, 2).count());
    }

    @Test
    void preparedIdxBlocksHoldEveryImageOnce(@TempDir Path dir) throws IOException {
        writeSet(dir, 40, 5, true);
        ColumnSpec spec = new ColumnSpec(List.of("features"), List.of(), "label", null, Task.CLASSIFICATION, null, null);
        Dataset<Row> df = DataSources.read(spark, "idx", dir.toString(), Map.of(), false, 2);
        PreparedData d = DataPreparer.prepare(df, null, spec,
                new DataPreparer.Options(0, 1, false, 2, org.apache.spark.storage.StorageLevel.MEMORY_ONLY()));
        assertEquals(H * W, d.numericWidth());
        assertEquals(10, d.numClasses());
        long[] seen = collect(d.train()).stream().flatMapToLong(b -> Arrays.stream(b.globalRows())).sorted().toArray();
        assertArrayEquals(java.util.stream.LongStream.range(0, 40).toArray(), seen);
        for (Block b : collect(d.train())) {
            for (int r = 0; r < b.rows(); r++) {
                int i = (int) b.globalRows()[r];
                assertEquals(pixel(i, 5) / 255f, b.features()[r * H * W + 5], 1e-6f);
                assertEquals(i % 10, b.labels()[r]);
            }
        }
        d.unpersist();
    }

    @Test
    void truncatedPlainFileIsReportedWithSizes(@TempDir Path dir) throws IOException {
        writeSet(dir, 10, 2, false);
        byte[] full = images(10);
        write(dir, "train-images-idx3-ubyte", Arrays.copyOf(full, full.length - 7), false);
        String m = assertThrows(DataException.class,
                () -> DataSources.read(spark, "idx", dir.toString(), Map.of(), false, 2)).getMessage();
        assertTrue(m.contains("has " + (full.length - 7) + " bytes") && m.contains("needs " + full.length), m);
    }

    @Test
    void truncatedGzipFileIsReportedWhenRead(@TempDir Path dir) throws IOException {
        writeSet(dir, 10, 2, true);
        byte[] full = images(10);
        write(dir, "train-images-idx3-ubyte", Arrays.copyOf(full, full.length - 3 * H * W), true);
        Dataset<Row> df = DataSources.read(spark, "idx", dir.toString(), Map.of(), false, 1);
        Exception e = assertThrows(Exception.class, df::count);
        String m = rootMessage(e);
        assertTrue(m.contains("ends after about 7 of the 10 items"), m);
    }

    @Test
    void wrongMagicAndMismatchedCountsAreNamed(@TempDir Path dir) throws IOException {
        writeSet(dir, 10, 2, false);
        write(dir, "train-images-idx3-ubyte", labels(10, 0), false);
        String m = assertThrows(DataException.class,
                () -> DataSources.read(spark, "idx", dir.toString(), Map.of(), false, 2)).getMessage();
        assertTrue(m.contains("magic 0x00000801, expected 0x00000803"), m);
        write(dir, "train-images-idx3-ubyte", images(10), false);
        write(dir, "train-labels-idx1-ubyte", labels(9, 0), false);
        m = assertThrows(DataException.class,
                () -> DataSources.read(spark, "idx", dir.toString(), Map.of(), false, 2)).getMessage();
        assertTrue(m.contains("holds 10 images but 9 labels"), m);
    }

    @Test
    void missingFileListsTheFolder(@TempDir Path dir) throws IOException {
        write(dir, "train-images-idx3-ubyte", images(3), false);
        String m = assertThrows(DataException.class,
                () -> DataSources.read(spark, "idx", dir.toString(), Map.of(), false, 2)).getMessage();
        assertTrue(m.contains("has no train-labels-idx1-ubyte") && m.contains("[train-images-idx3-ubyte]"), m);
    }

    private static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
