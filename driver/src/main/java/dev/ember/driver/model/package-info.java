// SPDX-License-Identifier: Apache-2.0
/**
 * Ember's model format: a directory holding {@code model.json} (format version, network, parameter
 * layout, preprocessing, labels, training summary, SHA-256 of the parameters) and
 * {@code params.f32} (little-endian float32), written through Hadoop's FileSystem API.
 * Read {@link dev.ember.driver.model.ModelFiles} first.
 */
package dev.ember.driver.model;
