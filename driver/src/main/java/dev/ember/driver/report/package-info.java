// SPDX-License-Identifier: Apache-2.0
/** The end-of-training report: training curves drawn as a PNG with the JDK's own 2-D graphics. */
package dev.ember.driver.report;
