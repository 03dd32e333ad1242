// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.model;

import java.io.Serializable;
import java.util.List;

/**
 * How raw rows become network inputs, stored in the model so prediction applies exactly the
 * training transform.
 *
 * @param features      the feature columns: one vector column, or several numeric columns
 * @param categorical   integer-indexed categorical columns fed to embeddings, in order
 * @param cardinalities each categorical column's number of categories
 * @param mean          per numeric feature, subtracted ({@code null}: no standardisation)
 * @param std           per numeric feature, divided by ({@code null}: no standardisation)
 * @param label         the label column used in training
 */
public record Preprocessing(List<String> features, List<String> categorical, int[] cardinalities,
                            float[] mean, float[] std, String label) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Preprocessing {
        features = List.copyOf(features);
        categorical = List.copyOf(categorical);
        if (cardinalities.length != categorical.size()) {
            throw new IllegalArgumentException(categorical.size() + " categorical columns but "
                    + cardinalities.length + " cardinalities");
        }
        if ((mean == null) != (std == null) || (mean != null && mean.length != std.length)) {
            throw new IllegalArgumentException("standardisation needs a mean and a std of equal length");
        }
    }

    public boolean standardized() {
        return mean != null;
    }
}
