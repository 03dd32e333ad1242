// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The one progress line per interval: epoch, step, loss, learning rate, samples/s and ETA. The
 * same text is the description of the step's Spark job, so the Spark UI shows it too.
 */
final class ProgressLog {
    private final PrintStream out;
    private final long totalSteps;
    private final int epochs;
    /** The step this run began at (after a resume, not 0): the ETA is paced by the steps run here. */
    private final long firstStep;
    private final long startNanos = System.nanoTime();
    private long samples;

    ProgressLog(PrintStream out, long totalSteps, int epochs, long firstStep) {
        this.out = out;
        this.totalSteps = totalSteps;
        this.epochs = epochs;
        this.firstStep = firstStep;
    }

    void addSamples(long n) {
        samples += n;
    }

    long samples() {
        return samples;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    double samplesPerSecond() {
        double s = elapsedSeconds();
        return s > 0 ? samples / s : 0;
    }

    static String jobDescription(long epoch, int epochs, long step, long totalSteps) {
        return String.format(Locale.ROOT, "Ember epoch %d/%d step %d/%d", epoch + 1, epochs, step + 1, totalSteps);
    }

    void line(long epoch, long step, double loss, double lr) {
        double elapsed = elapsedSeconds();
        double perStep = elapsed / Math.max(1, step + 1 - firstStep);
        double eta = perStep * (totalSteps - step - 1);
        out.printf(Locale.ROOT, "epoch %d/%d  step %d/%d  loss %.4f  lr %.3g  %.0f samples/s  ETA %s%n",
                epoch + 1, epochs, step + 1, totalSteps, loss, lr, samplesPerSecond(), duration(eta));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
