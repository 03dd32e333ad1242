// SPDX-License-Identifier: Apache-2.0
/**
 * The command line: {@link dev.ember.driver.cli.Main} parses, runs a sub-command from
 * {@code Commands} and maps every failure to one sentence and an {@link dev.ember.driver.cli.ExitCode}.
 */
package dev.ember.driver.cli;
