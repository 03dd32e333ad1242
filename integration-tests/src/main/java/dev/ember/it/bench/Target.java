// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

/**
 * A goal from an issue and whether this run met it: {@code value} compared with {@code threshold}
 * ({@code atMost} true for "value <= threshold"). {@code met} is null when the figure could not be
 * measured (then {@code value} is NaN and {@code why} says why).
 */
record Target(String goal, String issue, double value, double threshold, boolean atMost, Boolean met, String why) {

    static Target atMost(String goal, String issue, double value, double threshold) {
        return of(goal, issue, value, threshold, true);
    }

    static Target atLeast(String goal, String issue, double value, double threshold) {
        return of(goal, issue, value, threshold, false);
    }

    static Target unmeasured(String goal, String issue, double threshold, boolean atMost, String why) {
        return new Target(goal, issue, Double.NaN, threshold, atMost, null, why);
    }

    private static Target of(String goal, String issue, double value, double threshold, boolean atMost) {
        if (Double.isNaN(value)) {
            return unmeasured(goal, issue, threshold, atMost, "not measured in this run");
        }
        return new Target(goal, issue, value, threshold, atMost, atMost ? value <= threshold : value >= threshold,
                null);
    }

    String verdict() {
        return met == null ? "not measured" : met ? "met" : "MISSED";
    }

    String describe() {
        String cmp = atMost ? " <= " : " >= ";
        String figure = Double.isNaN(value) ? "-" : Fmt.num(value);
        return goal + " (" + issue + "): " + figure + cmp + Fmt.num(threshold) + " -> " + verdict()
                + (why == null ? "" : " (" + why + ")");
    }
}
