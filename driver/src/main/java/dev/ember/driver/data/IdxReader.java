// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads an MNIST / Fashion-MNIST folder ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each possibly {@code .gz}) as a
 * DataFrame with a {@code features} vector column (pixels / 255, in [0, 1]) and a double {@code label}
 * column. The driver reads only the headers; each partition reads its own range of images, so no array
 * of all images is ever built in one place.
 */
public final class IdxReader {
    public static final StructType SCHEMA = new StructType()
            .add("features", SQLDataTypes.VectorType(), false)
            .add("label", DataTypes.DoubleType, false);

    private IdxReader() {}

    /** The train pair ({@code test} false) or the t10k pair ({@code test} true), in file order. */
    public static Dataset<Row> read(SparkSession spark, String dir, boolean test, int partitions) {
        SerializableConfiguration conf = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        String prefix = test ? "t10k" : "train";
        IdxFile images = IdxFile.open(conf.value(), dir, prefix + "-images-idx3-ubyte", IdxFile.IMAGES_MAGIC);
        IdxFile labels = IdxFile.open(conf.value(), dir, prefix + "-labels-idx1-ubyte", IdxFile.LABELS_MAGIC);
        if (images.dims().length != 3 || labels.dims().length != 1) {
            throw new DataException("IDX files in " + dir + " have image dimensions " + images.dims().length
                    + " and label dimensions " + labels.dims().length + ", expected 3 and 1");
        }
        if (images.count() != labels.count()) {
            throw new DataException("IDX folder " + dir + " holds " + images.count() + " images but " + labels.count()
                    + " labels in the " + prefix + " files: the two files must come from the same set");
        }
        long n = images.count();
        int p = (int) Math.max(1, Math.min(partitions, n));
        List<long[]> ranges = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            ranges.add(new long[] {n * i / p, n * (i + 1) / p});
        }
        // Broadcast, not captured: the cached blocks keep this RDD in their lineage, and every task of
        // every training step would otherwise deserialise the whole Hadoop configuration again.
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> shared = jsc.broadcast(conf);
        JavaRDD<Row> rows = jsc.parallelize(ranges, p)
                .mapPartitions(it -> rowsOf(it, images, labels, shared.value()));
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** The image and label files {@link #read} reads from {@code dir}, fully qualified. */
    static List<String> files(SparkSession spark, String dir, boolean test) {
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        String prefix = test ? "t10k" : "train";
        List<String> out = new ArrayList<>();
        for (IdxFile f : new IdxFile[] {IdxFile.open(conf, dir, prefix + "-images-idx3-ubyte", IdxFile.IMAGES_MAGIC),
                IdxFile.open(conf, dir, prefix + "-labels-idx1-ubyte", IdxFile.LABELS_MAGIC)}) {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(f.path());
            try {
                out.add(p.getFileSystem(conf).makeQualified(p).toString());
            } catch (java.io.IOException e) {
                throw new DataException("cannot read IDX file " + p + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Iterator<Row> rowsOf(Iterator<long[]> ranges, IdxFile images, IdxFile labels,
                                        SerializableConfiguration conf) {
        if (!ranges.hasNext()) {
            return java.util.Collections.emptyIterator();
        }
        long[] range = ranges.next();
        byte[] pixels = images.read(conf.value(), range[0], range[1]);
        byte[] classes = labels.read(conf.value(), range[0], range[1]);
        int width = images.itemBytes();
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < classes.length;
            }

            @Override
            public Row next() {
                double[] x = new double[width];
                for (int j = 0; j < width; j++) {
                    x[j] = (pixels[i * width + j] & 0xff) / 255.0;
                }
                double y = classes[i] & 0xff;
                i++;
                return RowFactory.create(new DenseVector(x), y);
            }
        };
    }
}
