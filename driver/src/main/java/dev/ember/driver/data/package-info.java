// SPDX-License-Identifier: Apache-2.0
/**
 * Reading, checking, standardising and packing training data: any Spark SQL source or an MNIST IDX
 * folder becomes cached {@link dev.ember.worker.Block}s with stable global row indices. Start with
 * {@link dev.ember.driver.data.DataPreparer}; {@code RowPacker} and {@code DataChecks} hold the per-row
 * work and the error messages.
 */
package dev.ember.driver.data;
