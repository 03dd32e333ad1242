// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import dev.ember.driver.config.Task;
import dev.ember.driver.config.DataConfig;
import dev.ember.worker.Block;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.List;

/**
 * From a DataFrame to cached, checked, standardised {@link Block}s.
 *
 * <ol>
 *   <li>Resolve the columns against the schema (names and types; nothing is read).</li>
 *   <li>Give every row its global index (input order; training rows get dense ranks, see {@link #index}), then repartition
 *       to {@code data.partitions} if asked: indices never depend on partitioning.</li>
 *   <li>Pack each partition once into raw chunks, counting bad values per column and the training rows'
 *       moments as it goes (the validation split is a hash of the global index: {@link Split}).</li>
 *   <li>Merge the per-partition summaries on the driver in partition order and run every check.</li>
 *   <li>Standardise into the final train and validation blocks, persist them, drop the raw chunks.</li>
 * </ol>
 * The input is scanned twice: once to count each input partition, once to pack.
 */
public final class DataPreparer {
    private DataPreparer() {}

    /** How to prepare: the split, standardisation, the partition count (null = default parallelism). */
    public record Options(double validationFraction, long seed, boolean standardize, Integer partitions,
                          StorageLevel storage) {
        public static Options of(DataConfig data, long seed) {
            return new Options(data.validationFraction(), seed, data.standardize(), data.partitions(),
                    StorageLevel.MEMORY_AND_DISK());
        }
    }

    /** Reads {@code data.train} (and {@code data.validation} if it is a path) and prepares them. */
    public static PreparedData prepare(SparkSession spark, DataConfig data, Task task, long seed) {
        int partitions = data.partitions() != null ? data.partitions() : spark.sparkContext().defaultParallelism();
        Dataset<Row> train = DataSources.read(spark, data.format(), data.train(), data.options(), false, partitions);
        Dataset<Row> validation = data.validationPath() == null ? null
                : DataSources.read(spark, data.format(), data.validationPath(), data.options(), true, partitions);
        List<String> files = null;
        if (data.format().equalsIgnoreCase("idx")) {
            files = new ArrayList<>(IdxReader.files(spark, data.train(), false));
            if (data.validationPath() != null) {
                files.addAll(IdxReader.files(spark, data.validationPath(), true));
            }
        }
        return prepare(train, validation, ColumnSpec.of(data, task), Options.of(data, seed), files);
    }

    /** Reads {@code data.test} with the training format and options (idx: the t10k pair); null if none. */
    public static Dataset<Row> readTest(SparkSession spark, DataConfig data) {
        if (data.test() == null) {
            return null;
        }
        int partitions = data.partitions() != null ? data.partitions() : spark.sparkContext().defaultParallelism();
        return DataSources.read(spark, data.format(), data.test(), data.options(), true, partitions);
    }

    /** Prepares {@code train}, and {@code validation} (nullable) with the training statistics. */
    public static PreparedData prepare(Dataset<Row> train, Dataset<Row> validation, ColumnSpec spec, Options opt) {
        return prepare(train, validation, spec, opt, null);
    }

    /** As above; {@code files}: the files read, for sources Spark cannot list (null: the DataFrames' input files). */
    private static PreparedData prepare(Dataset<Row> train, Dataset<Row> validation, ColumnSpec spec, Options opt,
                                        List<String> files) {
        InputColumns cols = resolve(train, spec, "training");
        if (validation != null) {
            resolve(validation, spec, "validation");
        }
        Split split = validation != null ? Split.none() : new Split(opt.seed(), opt.validationFraction());
        int partitions = opt.partitions() != null ? opt.partitions() : train.sparkSession().sparkContext().defaultParallelism();
        Packed packed = pack(train, cols, split, partitions, null);
        JavaRDD<RawChunk> chunks = packed.chunks();
        try {
            InputFingerprint input = InputFingerprint.of(files != null ? files : inputFiles(train, validation),
                    packed.inputRows(), train.sparkSession().sparkContext().hadoopConfiguration());
            DataSummary summary = summarize(chunks);
            List<String> metadata = LabelNames.fromMetadata(train.schema(), spec.label());
            ColumnSpec resolved = metadata != null && spec.numClasses() == null && spec.task() == Task.CLASSIFICATION
                    ? withClasses(spec, metadata.size()) : spec;
            DataChecks.Facts facts = DataChecks.verify(summary, cols, resolved, "training", null);
            if (summary.trainRows == 0) {
                throw new DataException("no training rows are left after holding out data.validation = "
                        + opt.validationFraction() + " of " + summary.rows + " rows: lower data.validation");
            }
            Standardizer std = opt.standardize()
                    ? Standardizer.fromMoments(summary.mean, summary.variance()) : Standardizer.identity(facts.numericWidth());
            JavaRDD<Block> trainBlocks = blocks(chunks, std, split, false, facts, opt.storage());
            long trainRows = summary.trainRows;
            JavaRDD<Block> validationBlocks = null;
            long validationRows = 0;
            if (split.fraction() > 0) {
                validationBlocks = blocks(chunks, std, split, true, facts, opt.storage());
                validationRows = summary.rows - summary.trainRows;
            } else if (validation != null) {
                ScoringData v = prepareWith(validation, withClasses(resolved, facts.numClasses()), std,
                        facts.cardinalities(), partitions, opt.storage(), "validation");
                validationBlocks = v.blocks();
                validationRows = v.rows();
            }
            List<String> names = LabelNames.of(spec, metadata, facts.numClasses(), facts.labelWidth());
            return new PreparedData(trainBlocks, validationBlocks, trainRows, validationRows, facts.numericWidth(),
                    facts.cardinalities(), facts.labelWidth(), facts.numClasses(), std, names, facts.classCounts(),
                    input);
        } finally {
            chunks.unpersist(false);
        }
    }

    /**
     * Packs data for a saved model: its standardiser and embedding cardinalities are applied, and rows
     * with a category the model never saw fail with a clear message. With a label column in {@code spec}
     * the labels are checked and packed too (evaluation); use {@link ColumnSpec#forPrediction} to score.
     */
    public static ScoringData prepareForPrediction(Dataset<Row> data, ColumnSpec spec, Standardizer std,
                                                   int[] cardinalities, Integer partitions) {
        int p = partitions != null ? partitions : data.rdd().getNumPartitions();
        return prepareWith(data, spec, std, cardinalities, p, StorageLevel.MEMORY_AND_DISK(), "scoring");
    }

    /** Checks that {@code data} has the columns of {@code spec} with usable types, before any work on it. */
    public static void checkColumns(Dataset<Row> data, ColumnSpec spec, String what) {
        resolve(data, spec, what);
    }

    /**
     * The columns of {@code spec} in {@code data}'s schema. A source with no rows can have a schema
     * that says nothing (a CSV of a header alone infers every column as a string), so a schema
     * error on empty data is reported as what it is: no rows.
     */
    private static InputColumns resolve(Dataset<Row> data, ColumnSpec spec, String what) {
        try {
            return InputColumns.resolve(data.schema(), spec);
        } catch (DataException e) {
            if (data.isEmpty()) {
                throw new DataException(DataChecks.noRows(what), e);
            }
            throw e;
        }
    }

    private static ScoringData prepareWith(Dataset<Row> data, ColumnSpec spec, Standardizer std, int[] cardinalities,
                                           int partitions, StorageLevel storage, String what) {
        InputColumns cols = resolve(data, spec, what);
        if (cardinalities.length != cols.categorical().size()) {
            throw new DataException("the model has " + cardinalities.length + " categorical inputs but data.categorical"
                    + " lists " + cols.categorical().size() + " columns " + cols.categorical());
        }
        JavaRDD<RawChunk> chunks = pack(data, cols, Split.none(), partitions, cardinalities).chunks();
        try {
            DataSummary summary = summarize(chunks);
            DataChecks.Facts facts = DataChecks.verify(summary, cols, spec, what, cardinalities);
            if (facts.numericWidth() != std.width()) {
                throw new DataException("feature column(s) " + cols.featureColumns() + " give " + facts.numericWidth()
                        + " numeric features per row, but the model was trained on " + std.width());
            }
            return new ScoringData(blocks(chunks, std, Split.none(), false, facts, storage), summary.rows,
                    facts.numericWidth(), facts.labelWidth());
        } finally {
            chunks.unpersist(false);
        }
    }

    /** Raw chunks, persisted, and the rows of each input partition in partition order. */
    private record Packed(JavaRDD<RawChunk> chunks, long[] inputRows) {}

    private static Packed pack(Dataset<Row> data, InputColumns cols, Split split, int partitions, int[] known) {
        String[] selected = cols.selected();
        Dataset<Row> narrow = data.selectExpr(quoted(selected));
        Indexed keyed = index(narrow.javaRDD(), split);
        JavaPairRDD<Row, Long> indexed = keyed.rows();
        if (indexed.getNumPartitions() != partitions) {
            // Rows without their schema: GenericRowWithSchema would serialise the schema with every row.
            indexed = indexed.mapToPair(t -> new scala.Tuple2<>(plain(t._1()), t._2())).repartition(partitions);
        }
        RowPacker packer = new RowPacker(cols, split, known);
        JavaRDD<RawChunk> chunks = indexed.mapPartitions(it -> packer.pack(it).iterator());
        chunks.persist(StorageLevel.MEMORY_AND_DISK());
        return new Packed(chunks, keyed.inputRows());
    }

    /** Rows keyed by {@link Split#key}, and the rows of each input partition. */
    record Indexed(JavaPairRDD<Row, Long> rows, long[] inputRows) {}

    /** The files {@code train} and {@code validation} (nullable) read, as Spark lists them. */
    private static List<String> inputFiles(Dataset<Row> train, Dataset<Row> validation) {
        List<String> files = new ArrayList<>(List.of(train.inputFiles()));
        if (validation != null) {
            files.addAll(List.of(validation.inputFiles()));
        }
        return files;
    }

    /**
     * Gives each row its key (see {@link Split#key}): the global index is its position in input
     * order (each input partition's size is counted first, as zipWithIndex does), and with a
     * validation split training rows are numbered densely in input order, so the epoch permutation
     * runs over exactly the training rows. Which rows are validation rows is a hash of the global
     * index, so the training counts per input partition are computed on the driver from the sizes
     * alone, without reading data again.
     */
    static Indexed index(JavaRDD<Row> rows, Split split) {
        List<Long> sizes = rows.mapPartitions(it -> {
            long n = 0;
            for (; it.hasNext(); it.next()) {
                n++;
            }
            return List.of(n).iterator();
        }).collect();
        long[] start = new long[sizes.size()];
        long[] trainStart = new long[sizes.size()];
        for (int p = 1; p < sizes.size(); p++) {
            start[p] = start[p - 1] + sizes.get(p - 1);
            trainStart[p] = trainStart[p - 1] + split.trainRows(start[p - 1], sizes.get(p - 1));
        }
        JavaPairRDD<Row, Long> keyed = rows.mapPartitionsWithIndex((p, it) -> new java.util.Iterator<scala.Tuple2<Row, Long>>() {
            long g = start[p];
            long rank = trainStart[p];

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public scala.Tuple2<Row, Long> next() {
                long key = split.key(g, rank);
                if (!split.isValidationKey(key)) {
                    rank++;
                }
                g++;
                return new scala.Tuple2<>(it.next(), key);
            }
        }, true).mapToPair(t -> t);
        return new Indexed(keyed, sizes.stream().mapToLong(Long::longValue).toArray());
    }

    /** Merges the partitions' summaries in partition order, so the statistics do not depend on task timing. */
    private static DataSummary summarize(JavaRDD<RawChunk> chunks) {
        List<DataSummary> parts = chunks.map(RawChunk::summary).collect();
        DataSummary total = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            total.merge(parts.get(i));
        }
        return total;
    }

    private static JavaRDD<Block> blocks(JavaRDD<RawChunk> chunks, Standardizer std, Split split, boolean validation,
                                         DataChecks.Facts facts, StorageLevel storage) {
        int width = facts.numericWidth();
        int labelWidth = facts.labelWidth();
        JavaRDD<Block> blocks = chunks.map(c -> c.toBlock(std, split, validation, width, labelWidth));
        blocks.persist(storage);
        blocks.count();   // materialise now, while the raw chunks are still cached
        return blocks;
    }

    private static ColumnSpec withClasses(ColumnSpec spec, int numClasses) {
        if (spec.task() != Task.CLASSIFICATION) {
            return spec;
        }
        return new ColumnSpec(spec.features(), spec.categorical(), spec.label(), spec.weight(), spec.task(),
                numClasses, spec.classNames());
    }

    private static Row plain(Row row) {
        Object[] values = new Object[row.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.get(i);
        }
        return RowFactory.create(values);
    }

    private static String[] quoted(String[] names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = "`" + names[i].replace("`", "``") + "`";
        }
        return out;
    }
}
