// SPDX-License-Identifier: Apache-2.0
/**
 * Checkpoints, resuming and warm starts. Read {@link dev.ember.driver.checkpoint.RunCheckpoints} first
 * (what a run does at its start, after each step and at its end), then {@link
 * dev.ember.driver.checkpoint.CheckpointFormat} (the file: a JSON header, float32 payloads, SHA-256) and
 * {@link dev.ember.driver.checkpoint.RunIdentity} (what must not change between a run and its resume).
 */
package dev.ember.driver.checkpoint;
