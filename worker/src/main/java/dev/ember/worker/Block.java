// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import java.io.Serializable;
import java.util.Objects;

/**
 * A packed, cached chunk of one partition's rows: contiguous row-major arrays, no per-row objects.
 *
 * <ul>
 *   <li>{@code features}: {@code rows × numericWidth} standardised numeric features;</li>
 *   <li>{@code categories}: {@code rows × categoricalWidth} category indices stored as floats
 *       (exact up to 2²⁴), one column per categorical input;</li>
 *   <li>{@code labels}: {@code rows × labelWidth} (a class index, a 0/1 target or regression targets);</li>
 *   <li>{@code weights}: {@code rows} sample weights, or {@code null} when every weight is 1;</li>
 *   <li>{@code globalRows}: each row's global index, the key of the epoch permutation and of every
 *       random draw (dropout), so results never depend on how rows are partitioned.</li>
 * </ul>
 * Blocks are immutable after packing; the arrays are shared, never copied, by readers.
 */
public record Block(int rows, int numericWidth, int categoricalWidth, int labelWidth,
                    float[] features, float[] categories, float[] labels, float[] weights, long[] globalRows)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public Block {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(globalRows, "globalRows");
        check("features", features.length, (long) rows * numericWidth);
        check("categories", categories.length, (long) rows * categoricalWidth);
        check("labels", labels.length, (long) rows * labelWidth);
        check("globalRows", globalRows.length, rows);
        if (weights != null) {
            check("weights", weights.length, rows);
        }
    }

    private static void check(String what, int actual, long expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("block " + what + " has " + actual + " values, expected " + expected);
        }
    }

    public float weight(int row) {
        return weights == null ? 1f : weights[row];
    }
}
