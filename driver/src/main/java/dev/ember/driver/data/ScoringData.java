// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import dev.ember.worker.Block;
import org.apache.spark.api.java.JavaRDD;

/**
 * Rows to score or evaluate with a saved model, packed with the model's standardiser. Each block's
 * {@code globalRows} are the rows' positions in the input (zipWithIndex order); {@code labelWidth} is 0
 * when the data was prepared without labels.
 */
public record ScoringData(JavaRDD<Block> blocks, long rows, int numericWidth, int labelWidth) {
    public void unpersist() {
        blocks.unpersist(false);
    }
}
