// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import dev.ember.driver.config.Task;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Packs one partition's (row, global index) pairs into {@link RawChunk}s while counting bad values per
 * column. A row whose feature or label width differs from the partition's first row is counted but not
 * packed (the checks then fail with the widths seen). A chunk is closed at {@link #MAX_CHUNK_FLOATS}
 * feature values, so a partition yields one chunk unless it is huge.
 */
final class RowPacker implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Class indices must stay below this (and exact as floats). */
    static final int MAX_CLASSES = 1 << 20;
    static final int MAX_CHUNK_FLOATS = 1 << 28;

    private final InputColumns cols;
    private final Split split;
    private final int[] knownCardinalities;

    /** {@code knownCardinalities}: a saved model's per-column category counts, or null when training. */
    RowPacker(InputColumns cols, Split split, int[] knownCardinalities) {
        this.cols = cols;
        this.split = split;
        this.knownCardinalities = knownCardinalities;
    }

    List<RawChunk> pack(Iterator<Tuple2<Row, Long>> rows) {
        List<RawChunk> chunks = new ArrayList<>();
        State s = new State();
        while (rows.hasNext()) {
            Tuple2<Row, Long> next = rows.next();
            add(s, next._1(), next._2());
            if (s.features.size >= MAX_CHUNK_FLOATS) {
                chunks.add(s.close());
                s = new State();
            }
        }
        chunks.add(s.close());
        return chunks;
    }

    /** Growing buffers of the chunk being packed. */
    private final class State {
        final DataSummary summary = new DataSummary(cols.featureCounterNames().size(), cols.categorical().size());
        final GrowableArrays.Floats features = new GrowableArrays.Floats();
        final GrowableArrays.Floats categories = new GrowableArrays.Floats();
        final GrowableArrays.Floats labels = new GrowableArrays.Floats();
        final GrowableArrays.Floats weights = new GrowableArrays.Floats();
        final GrowableArrays.Longs globalRows = new GrowableArrays.Longs();
        final float[] rowCategories = new float[cols.categorical().size()];
        int width = -1;
        int labelWidth = -1;
        int packed;

        /**
         * Ends the chunk with its rows in global-index order: a shuffle delivers rows in fetch order, and
         * sorting makes a recomputed block identical to the first one.
         */
        RawChunk close() {
            int w = Math.max(width, 0);
            int lw = Math.max(labelWidth, 0);
            int cw = rowCategories.length;
            long[] g = globalRows.toArray();
            int[] order = IntStream.range(0, packed).boxed().sorted(Comparator.comparingLong(r -> g[r]))
                    .mapToInt(Integer::intValue).toArray();
            float[] f = permute(features.data, w, order);
            boolean[] train = new boolean[packed];
            long[] sortedRows = new long[packed];
            for (int r = 0; r < packed; r++) {
                sortedRows[r] = g[order[r]];
                train[r] = !split.isValidationKey(sortedRows[r]);
            }
            summary.moments(f, train, packed, w);
            return new RawChunk(packed, w, cw, lw, f, permute(categories.data, cw, order),
                    permute(labels.data, lw, order), cols.weight() == null ? null : permute(weights.data, 1, order),
                    sortedRows, summary);
        }
    }

    /** Rows {@code order[0], order[1], ...} of a row-major array of the given width, as a new array. */
    private static float[] permute(float[] data, int width, int[] order) {
        float[] out = new float[order.length * width];
        for (int r = 0; r < order.length; r++) {
            System.arraycopy(data, order[r] * width, out, r * width, width);
        }
        return out;
    }

    private void add(State s, Row row, long globalRow) {
        s.summary.rows++;
        boolean packable = packFeatures(s, row);
        readCategories(s, row);
        packable &= packLabel(s, row);
        float weight = readWeight(s, row);
        if (!packable) {
            return;
        }
        s.features.commit(s.width);
        s.labels.commit(s.labelWidth);
        for (float c : s.rowCategories) {
            s.categories.add(c);
        }
        if (cols.weight() != null) {
            s.weights.add(weight);
        }
        s.globalRows.add(globalRow);
        s.packed++;
    }

    /** Writes the row's features after the committed ones; false if they cannot be packed. */
    private boolean packFeatures(State s, Row row) {
        if (!cols.vectorFeatures()) {
            int n = cols.featureColumns().size();
            s.width = n;
            int at = s.features.reserve(n);
            for (int j = 0; j < n; j++) {
                double v = Values.number(row, j);
                if (!Values.finiteAsFloat(v)) {
                    s.summary.featureBad[j]++;
                }
                s.features.data[at + j] = (float) v;
            }
            return true;
        }
        Object v = row.get(0);
        if (v == null) {
            s.summary.featureBad[0]++;
            return false;
        }
        int width = Values.width(v);
        s.summary.featureWidths.merge(width, 1L, Long::sum);
        if (s.width < 0) {
            s.width = width;
        }
        if (width != s.width) {
            return false;
        }
        int at = s.features.reserve(width);
        if (!Values.copy(v, s.features.data, at)) {
            s.summary.featureBad[0]++;
        }
        return true;
    }

    private void readCategories(State s, Row row) {
        DataSummary sum = s.summary;
        for (int j = 0; j < s.rowCategories.length; j++) {
            double v = Values.number(row, cols.categoricalStart() + j);
            s.rowCategories[j] = 0;
            if (!Values.finiteAsFloat(v)) {
                sum.categoryMissing[j]++;
            } else if (v < 0) {
                sum.categoryNegative[j]++;
            } else if (v != Math.rint(v) || v >= MAX_CLASSES * 16.0) {
                sum.categoryFractional[j]++;
            } else {
                sum.categoryMax[j] = Math.max(sum.categoryMax[j], (long) v);
                s.rowCategories[j] = (float) v;
                if (knownCardinalities != null && v >= knownCardinalities[j]) {
                    sum.categoryUnknown[j]++;
                }
            }
        }
    }

    /** Writes the row's label after the committed ones; false if it cannot be packed. */
    private boolean packLabel(State s, Row row) {
        if (cols.label() == null) {
            s.labelWidth = 0;
            return true;
        }
        int i = cols.labelIndex();
        if (cols.vectorLabel()) {
            Object v = row.get(i);
            if (v == null) {
                s.summary.labelMissing++;
                return false;
            }
            int width = Values.width(v);
            s.summary.labelWidths.merge(width, 1L, Long::sum);
            if (s.labelWidth < 0) {
                s.labelWidth = width;
            }
            if (width != s.labelWidth) {
                return false;
            }
            int at = s.labels.reserve(width);   // NOTE: reserve before reading .data, which it may replace
            if (!Values.copy(v, s.labels.data, at)) {
                s.summary.labelMissing++;
            }
            return true;
        }
        s.labelWidth = 1;
        double y = Values.labelNumber(row, i);
        int at = s.labels.reserve(1);
        s.labels.data[at] = (float) y;
        if (!Values.finiteAsFloat(y)) {
            s.summary.labelMissing++;
        } else if (cols.task() == Task.CLASSIFICATION && (y < 0 || y != Math.rint(y) || y >= MAX_CLASSES)) {
            s.summary.labelInvalid++;
        } else if (cols.task() == Task.BINARY && y != 0 && y != 1) {
            s.summary.labelInvalid++;
        } else if (cols.task() != Task.REGRESSION) {
            s.summary.countClass((int) y);
        }
        return true;
    }

    private float readWeight(State s, Row row) {
        if (cols.weight() == null) {
            return 1f;
        }
        double w = Values.number(row, cols.weightIndex());
        if (!Values.finiteAsFloat(w)) {
            s.summary.weightMissing++;
        } else if (w < 0) {
            s.summary.weightNegative++;
        } else {
            s.summary.weightSum += w;
        }
        return (float) w;
    }
}
