// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/** Reading numbers, vectors and arrays out of Spark rows without per-value allocation where possible. */
final class Values {
    private Values() {}

    /** The value at {@code i} as a double; null reads as NaN, so one finiteness test covers both. */
    static double number(Row row, int i) {
        Object v = row.get(i);
        if (v == null) {
            return Double.NaN;
        }
        return ((Number) v).doubleValue();
    }

    /** As {@link #number}, with booleans as 0/1 (binary labels). */
    static double labelNumber(Row row, int i) {
        Object v = row.get(i);
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    /** The length of a vector or array value. */
    static int width(Object v) {
        if (v instanceof Vector vec) {
            return vec.size();
        }
        if (v instanceof org.apache.spark.mllib.linalg.Vector old) {
            return old.size();
        }
        if (v instanceof scala.collection.Seq<?> seq) {
            return seq.length();
        }
        throw new DataException("a value of class " + v.getClass().getName() + " is not a vector or an array");
    }

    /**
     * Whether {@code v} is finite once packed as a float32: a double beyond ±3.4e38 becomes
     * infinite there, so it is as unusable as NaN and is counted with the bad values.
     */
    static boolean finiteAsFloat(double v) {
        return Float.isFinite((float) v);
    }

    /** Copies a vector or array value into {@code dst[at..]} as floats; false if any value is not finite. */
    static boolean copy(Object v, float[] dst, int at) {
        if (v instanceof org.apache.spark.mllib.linalg.Vector old) {
            v = old.asML();
        }
        boolean finite = true;
        if (v instanceof DenseVector d) {
            double[] values = d.values();
            for (int j = 0; j < values.length; j++) {
                dst[at + j] = (float) values[j];
                finite &= finiteAsFloat(values[j]);
            }
        } else if (v instanceof SparseVector s) {
            java.util.Arrays.fill(dst, at, at + s.size(), 0f);
            int[] idx = s.indices();
            double[] values = s.values();
            for (int k = 0; k < idx.length; k++) {
                dst[at + idx[k]] = (float) values[k];
                finite &= finiteAsFloat(values[k]);
            }
        } else {
            scala.collection.Iterator<?> it = ((scala.collection.Seq<?>) v).iterator();
            for (int j = 0; it.hasNext(); j++) {
                Object e = it.next();
                double x = e == null ? Double.NaN : ((Number) e).doubleValue();
                dst[at + j] = (float) x;
                finite &= finiteAsFloat(x);
            }
        }
        return finite;
    }
}
