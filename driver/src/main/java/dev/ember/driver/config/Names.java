// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The closed sets of names the config accepts, each alias mapped to its canonical name. */
final class Names {
    private Names() {}

    static final Map<String, String> TASKS = of("classification", "binary", "regression");
    static final Map<String, String> FORMATS = of("parquet", "csv", "json", "orc", "libsvm", "avro", "table", "idx");
    static final Map<String, String> ACTIVATIONS = of("relu", "leaky_relu", "elu", "sigmoid", "tanh", "selu",
            "silu", "swish=silu", "gelu", "identity", "linear=identity", "softmax");
    static final Map<String, String> LOSSES = of("auto", "cross_entropy", "categorical_cross_entropy=cross_entropy",
            "binary_cross_entropy", "bce=binary_cross_entropy", "mse", "mae", "l1=mae", "huber");
    static final Map<String, String> INITS = of("auto", "glorot_uniform", "xavier_uniform=glorot_uniform",
            "glorot_normal", "xavier_normal=glorot_normal", "he_uniform", "kaiming_uniform=he_uniform",
            "he_normal", "kaiming_normal=he_normal", "lecun_normal", "zeros");
    static final Map<String, String> OPTIMIZERS = of("sgd", "adam", "adamw", "rmsprop", "adagrad");
    static final Map<String, String> SCHEDULES = of("constant", "step", "exponential", "cosine", "sgdr",
            "one_cycle", "onecycle=one_cycle");
    static final Map<String, String> METRICS = of("loss", "val_loss=loss", "accuracy", "val_accuracy=accuracy",
            "auc", "val_auc=auc", "rmse", "val_rmse=rmse", "mae", "val_mae=mae", "r2", "val_r2=r2");
    static final Map<String, String> MODES = of("auto", "min", "max");
    static final Map<String, String> OUTPUT_MODES = of("error", "overwrite", "versioned");
    static final Map<String, String> BACKENDS = of("auto", "cpu", "opencl", "reference");

    /** Entries are "name" or "alias=name". */
    private static Map<String, String> of(String... entries) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String e : entries) {
            int eq = e.indexOf('=');
            if (eq < 0) {
                m.put(e, e);
            } else {
                m.put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
