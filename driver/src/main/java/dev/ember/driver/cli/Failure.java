// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.cli;

import dev.ember.driver.DivergedException;
import dev.ember.driver.config.ConfigException;
import dev.ember.driver.data.DataException;
import dev.ember.driver.model.ModelException;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps an exception to what the user sees: one sentence and an exit code. Exceptions thrown inside
 * Spark tasks reach the driver wrapped in {@code SparkException}s, so the cause chain is searched
 * for Ember's own kinds first.
 */
record Failure(ExitCode code, String message) {

    static Failure classify(Throwable t) {
        Failure malformed = malformedRecord(t);
        if (malformed != null) {
            return malformed;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConfigException || c instanceof DataException || c instanceof ModelException
                    || c instanceof UsageException) {
                return new Failure(ExitCode.BAD_INPUT, c.getMessage());
            }
            if (c.getClass().getName().equals("org.apache.spark.sql.AnalysisException")) {
                return new Failure(ExitCode.BAD_INPUT, "Spark cannot read the input as asked: " + firstLine(c));
            }
            if (c.getClass().getName().equals("org.apache.hadoop.fs.UnsupportedFileSystemException")) {
                return new Failure(ExitCode.BAD_INPUT, firstLine(c) + ": a path's scheme names no file system"
                        + " Ember has; use file:, hdfs: or a scheme whose Hadoop connector is on the classpath");
            }
            if (String.valueOf(c.getMessage()).startsWith("Could not parse Master URL")) {
                return new Failure(ExitCode.BAD_INPUT, firstLine(c) + ": set spark.master to local, local[N],"
                        + " local[*], spark://HOST:PORT, yarn or k8s://URL");
            }
            if (c instanceof DivergedException) {
                return new Failure(ExitCode.DIVERGED, c.getMessage());
            }
            if (c instanceof IllegalStateException && c.getMessage() != null
                    && c.getMessage().contains("OpenCL")) {
                return new Failure(ExitCode.BAD_INPUT, c.getMessage());
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IOException || isFramework(root) || root instanceof InterruptedException) {
            return new Failure(ExitCode.INFRASTRUCTURE, "Spark or the file system failed: " + firstLine(t)
                    + " (retrying may help; --verbose shows the stack trace)");
        }
        return new Failure(ExitCode.INTERNAL, "internal error: " + root + " (" + firstLine(t) + ")");
    }

    private static final Pattern FILE = Pattern.compile("while reading file (\\S+?)\\.?(\\s|$)");

    /**
     * A record that Spark's CSV or JSON parser cannot map onto the columns (extra or missing fields)
     * under the FAILFAST mode Ember reads with: bad input in a named file, not a failure of Spark.
     */
    private static Failure malformedRecord(Throwable t) {
        String file = null;
        String record = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            Matcher f = FILE.matcher(m);
            if (file == null && f.find()) {
                file = f.group(1);
            }
            if (m.startsWith("[MALFORMED_CSV_RECORD]") || m.startsWith("[MALFORMED_RECORD_IN_PARSING")) {
                record = firstLine(c);
            }
        }
        if (record == null) {
            return null;
        }
        return new Failure(ExitCode.BAD_INPUT, "a record " + (file == null ? "of the input" : "in " + file)
                + " does not fit its columns (" + record.replaceFirst("^\\[[A-Z_.]+\\]\\s*", "").replaceAll("\\s*SQLSTATE.*", "")
                + "): fix the file, or set data.options.mode to PERMISSIVE (nulls for what is missing, extra"
                + " fields dropped) or DROPMALFORMED (skip such records)");
    }

    /** Spark, Hadoop and network failures, as opposed to a bug in Ember reported through Spark. */
    private static boolean isFramework(Throwable c) {
        String n = c.getClass().getName();
        return n.startsWith("org.apache.spark.") || n.startsWith("org.apache.hadoop.") || n.startsWith("io.netty.")
                || n.startsWith("java.net.") || n.equals("java.util.concurrent.TimeoutException");
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
