// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import dev.ember.driver.config.Task;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a merged {@link DataSummary} into either the facts training needs or a {@link DataException}
 * whose one sentence names the column, the number of bad rows and what to do. Runs on the driver
 * after the single counting pass; no check touches the rows again.
 */
final class DataChecks {
    private DataChecks() {}

    /** Widths, class count and cardinalities of data that passed every check. */
    record Facts(int numericWidth, int labelWidth, int numClasses, int[] cardinalities, long[] classCounts) {}

    static String noRows(String what) {
        return "the " + what + " data has no rows: check the path, the format and its options";
    }

    /** {@code known}: a saved model's cardinalities when preparing data for it, else null. */
    static Facts verify(DataSummary s, InputColumns cols, ColumnSpec spec, String what, int[] known) {
        if (s.rows == 0) {
            throw new DataException(noRows(what));
        }
        int width = checkFeatures(s, cols);
        int[] cardinalities = checkCategories(s, cols, known);
        int labelWidth = 0;
        int numClasses = 0;
        if (cols.label() != null) {
            labelWidth = checkLabel(s, cols);
            numClasses = classCount(s, cols, spec);
        }
        checkWeights(s, cols);
        return new Facts(width, labelWidth, numClasses, cardinalities, s.classCounts);
    }

    /** Values are packed as float32: a finite double beyond its range is infinite too. */
    static final String BEYOND_FLOAT = " (beyond ±3.4e38, float32's range, counts as infinite)";

    private static int checkFeatures(DataSummary s, InputColumns cols) {
        List<String> names = cols.featureCounterNames();
        for (int j = 0; j < names.size(); j++) {
            if (s.featureBad[j] > 0) {
                String value = cols.vectorFeatures() ? "a null vector or a NaN or infinite element" : "a null, NaN or infinite value";
                throw new DataException("feature column '" + names.get(j) + "' has " + s.featureBad[j] + " of " + s.rows
                        + " rows with " + value + BEYOND_FLOAT + ": drop or impute those rows before training");
            }
        }
        if (!cols.vectorFeatures()) {
            return names.size();
        }
        if (s.featureWidths.size() > 1) {
            throw new DataException("feature column '" + names.get(0) + "' holds vectors of different widths ("
                    + widths(s.featureWidths) + "): every row needs the same number of features");
        }
        int width = s.featureWidths.firstKey();
        if (width == 0 && cols.categorical().isEmpty()) {
            throw new DataException("feature column '" + names.get(0) + "' holds empty vectors in all " + s.rows
                    + " rows: there is nothing to learn from");
        }
        return width;
    }

    private static int[] checkCategories(DataSummary s, InputColumns cols, int[] known) {
        int[] cardinalities = new int[cols.categorical().size()];
        for (int j = 0; j < cardinalities.length; j++) {
            String c = "categorical column '" + cols.categorical().get(j) + "' has ";
            if (s.categoryMissing[j] > 0) {
                throw new DataException(c + s.categoryMissing[j] + " rows with a null, NaN or infinite index: map"
                        + " missing values to a category of their own");
            }
            if (s.categoryNegative[j] > 0) {
                throw new DataException(c + s.categoryNegative[j] + " rows with a negative index: categories must be"
                        + " indexed 0, 1, 2, ... (StringIndexer does this)");
            }
            if (s.categoryFractional[j] > 0) {
                throw new DataException(c + s.categoryFractional[j] + " rows with a fractional or huge index: categories"
                        + " must be integers 0, 1, 2, ... below " + RowPacker.MAX_CLASSES * 16);
            }
            if (s.categoryUnknown[j] > 0) {
                throw new DataException(c + s.categoryUnknown[j] + " rows with an index the model never saw in training"
                        + " (it knows indices 0.." + (known[j] - 1) + "): map unseen categories to a known index");
            }
            cardinalities[j] = Math.toIntExact(s.categoryMax[j] + 1);
        }
        return cardinalities;
    }

    private static int checkLabel(DataSummary s, InputColumns cols) {
        String c = "label column '" + cols.label() + "' has ";
        if (s.labelMissing > 0) {
            throw new DataException(c + s.labelMissing + " of " + s.rows + " rows with a null, NaN or infinite label"
                    + BEYOND_FLOAT + ": drop those rows or fix the labels");
        }
        if (s.labelInvalid > 0 && cols.task() == Task.BINARY) {
            throw new DataException(c + s.labelInvalid + " rows that are neither 0 nor 1: binary labels must be 0/1"
                    + " (or booleans)");
        }
        if (s.labelInvalid > 0) {
            throw new DataException(c + s.labelInvalid + " rows that are not a class index: classes must be integers"
                    + " 0..K-1 below " + RowPacker.MAX_CLASSES + " (StringIndexer encodes strings this way)");
        }
        if (!cols.vectorLabel()) {
            return 1;
        }
        if (s.labelWidths.size() > 1) {
            throw new DataException("label column '" + cols.label() + "' holds vectors of different widths ("
                    + widths(s.labelWidths) + "): every row needs the same number of targets");
        }
        return s.labelWidths.firstKey();
    }

    private static int classCount(DataSummary s, InputColumns cols, ColumnSpec spec) {
        if (cols.task() == Task.REGRESSION) {
            return 0;
        }
        int seen = s.classCounts.length;
        while (seen > 0 && s.classCounts[seen - 1] == 0) {
            seen--;
        }
        if (cols.task() == Task.BINARY) {
            return 2;
        }
        if (spec.numClasses() != null) {
            int k = spec.numClasses();
            long above = 0;
            for (int i = k; i < s.classCounts.length; i++) {
                above += s.classCounts[i];
            }
            if (above > 0) {
                throw new DataException("label column '" + cols.label() + "' has " + above + " rows with a class index >= "
                        + k + ", but data.classes says " + k + " classes: raise data.classes or fix the labels");
            }
            return k;
        }
        if (seen < 2) {
            throw new DataException("label column '" + cols.label() + "' holds only class 0 in all " + s.rows
                    + " rows: classification needs at least two classes");
        }
        return seen;
    }

    private static void checkWeights(DataSummary s, InputColumns cols) {
        if (cols.weight() == null) {
            return;
        }
        String c = "weight column '" + cols.weight() + "' has ";
        if (s.weightMissing > 0) {
            throw new DataException(c + s.weightMissing + " rows with a null, NaN or infinite weight" + BEYOND_FLOAT
                    + ": drop or fix them");
        }
        if (s.weightNegative > 0) {
            throw new DataException(c + s.weightNegative + " rows with a negative weight: sample weights must be >= 0");
        }
        if (!(s.weightSum > 0)) {
            throw new DataException(c + "a weight of 0 in all " + s.rows + " rows: at least one row must count");
        }
    }

    private static String widths(Map<Integer, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " in " + e.getValue() + " rows")
                .collect(Collectors.joining(", "));
    }
}
