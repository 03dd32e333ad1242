// SPDX-License-Identifier: Apache-2.0
/**
 * The job config: one YAML file plus {@code --set key=value} overrides, mapped by hand to validated
 * records so that every error names its key. Start with {@link dev.ember.driver.config.JobConfig};
 * each section record holds its defaults in {@code defaults()}.
 */
package dev.ember.driver.config;
