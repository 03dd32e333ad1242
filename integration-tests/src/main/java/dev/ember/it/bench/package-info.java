// SPDX-License-Identifier: Apache-2.0
/**
 * The benchmark runner behind {@code ./ember bench [NAME] [--quick]}: not a test suite. Start with
 * {@link dev.ember.it.bench.BenchMain}; each benchmark is one class returning a {@link dev.ember.it.bench.BenchReport},
 * which {@link dev.ember.it.bench.ReportWriter} turns into {@code bench-results.json} and {@code bench-results.md}.
 */
package dev.ember.it.bench;
