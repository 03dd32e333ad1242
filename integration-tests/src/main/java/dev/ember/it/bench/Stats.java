// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import java.util.Arrays;
import java.util.List;

/** Median and spread of repeated measurements; {@code n} counts them. */
record Stats(double median, double min, double max, int n) {

    static Stats of(double[] values) {
        if (values.length == 0) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new Stats(median, s[0], s[n - 1], n);
    }

    static Stats of(List<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** {@code "12.3 (10.1-15.0)"}: median and the range, as the tables print them. */
    String format() {
        return Fmt.num(median) + " (" + Fmt.num(min) + "-" + Fmt.num(max) + ")";
    }
}
