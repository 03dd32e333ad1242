// SPDX-License-Identifier: Apache-2.0
/**
 * What runs inside a Spark task. Read {@link dev.ember.worker.NetworkSpec} first (what a network
 * is, its parameter layout and JSON form), then {@link dev.ember.worker.Network} (forward, backward
 * and prediction over a {@link dev.ember.worker.Batch} on a backend) and the layers in
 * {@link dev.ember.worker.nn}. The Spark API appears only at this module's edge.
 */
package dev.ember.worker;
