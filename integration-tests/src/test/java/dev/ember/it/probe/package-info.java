// SPDX-License-Identifier: Apache-2.0
/**
 * A tiny Spark application, packed into its own jar at test time, that the spark-submit tests submit
 * where Ember's own app jar is not needed. Read {@link dev.ember.it.probe.ProbeApp}.
 */
package dev.ember.it.probe;
