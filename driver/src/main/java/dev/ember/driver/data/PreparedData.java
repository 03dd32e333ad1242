// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import dev.ember.worker.Block;
import org.apache.spark.api.java.JavaRDD;

import java.util.List;

/**
 * Checked, standardised training data packed into cached blocks, and what the model needs to know of it.
 *
 * <ul>
 *   <li>{@code train}, {@code validation} (null without validation): one {@link Block} per partition
 *       (more only for huge partitions), persisted; {@code trainRows}, {@code validationRows} count them.</li>
 *   <li>{@code numericWidth}: standardised numeric features per row; {@code cardinalities}: per categorical
 *       column, max index + 1 (the embedding table sizes).</li>
 *   <li>{@code labelWidth}: 1 for classification and binary (a class index / a 0-1 target), the number
 *       of targets for regression; {@code numClasses}: K for classification, 2 for binary, 0 for regression.</li>
 *   <li>{@code classCounts}: rows per class over train and validation (empty for regression).</li>
 *   <li>{@code input}: the files read and how the read partitioned them, for exact resumes.</li>
 * </ul>
 */
public record PreparedData(JavaRDD<Block> train, JavaRDD<Block> validation, long trainRows, long validationRows,
                           int numericWidth, int[] cardinalities, int labelWidth, int numClasses,
                           Standardizer standardizer, List<String> labelNames, long[] classCounts,
                           InputFingerprint input) {

    /** Frees the cached blocks. */
    public void unpersist() {
        train.unpersist(false);
        if (validation != null) {
            validation.unpersist(false);
        }
    }
}
