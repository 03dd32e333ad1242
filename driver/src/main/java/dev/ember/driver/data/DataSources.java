// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a DataFrame by the config's format name: any Spark SQL source (parquet, csv, json, orc, libsvm,
 * avro), {@code table} (a catalog table name), or {@code idx} (an MNIST folder, {@link IdxReader}).
 * CSV reads a header, infers types and fails on a malformed record ({@code mode: FAILFAST}) unless
 * the options say otherwise; every option passes through.
 * For idx, the option {@code split} (train | test) picks the file pair; it defaults to {@code test} for
 * the test and validation paths and to train otherwise.
 */
public final class DataSources {
    private DataSources() {}

    /** {@code partitions}: how many partitions an idx read makes (other sources split as Spark does). */
    public static Dataset<Row> read(SparkSession spark, String format, String path, Map<String, String> options,
                                    boolean testSplit, int partitions) {
        String f = format.toLowerCase(Locale.ROOT);
        try {
            return switch (f) {
                case "table" -> spark.table(path);
                case "idx" -> IdxReader.read(spark, path, idxTest(options, testSplit), partitions);
                case "csv" -> spark.read().format("csv").options(csvOptions(options)).load(path);
                default -> spark.read().format(f).options(options).load(path);
            };
        } catch (DataException e) {
            throw e;
        } catch (Exception e) {
            // AnalysisException is checked in Scala's eyes only; catch broadly and keep the cause.
            throw new DataException("cannot read " + f + " data from " + path + ": " + firstLine(e), e);
        }
    }

    private static boolean idxTest(Map<String, String> options, boolean testSplit) {
        String split = options.getOrDefault("split", testSplit ? "test" : "train");
        if (!split.equals("train") && !split.equals("test")) {
            throw new DataException("data.options.split for idx must be train or test, got '" + split + "'");
        }
        return split.equals("test");
    }

    private static Map<String, String> csvOptions(Map<String, String> options) {
        Map<String, String> all = new HashMap<>();
        all.put("header", "true");
        all.put("inferSchema", "true");
        // PERMISSIVE, Spark's default, silently drops a record's extra fields or pads missing ones with
        // nulls, shifting what the columns mean: a malformed record must stop the run instead.
        all.put("mode", "FAILFAST");
        all.putAll(options);
        return all;
    }

    private static String firstLine(Exception e) {
        String m = e instanceof AnalysisException a ? a.getSimpleMessage() : String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
