// SPDX-License-Identifier: Apache-2.0
/**
 * Integration tests against real parts: a Spark standalone cluster of separate JVMs, HDFS
 * (MiniDFSCluster) and {@code spark-submit}. Read {@link dev.ember.it.StandaloneCluster} first, then
 * {@link dev.ember.it.MiniHdfs} and {@link dev.ember.it.Submit}; {@code *IT} classes run in Failsafe
 * and carry {@code @Tag("cluster")}.
 */
package dev.ember.it;
