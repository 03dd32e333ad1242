// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import dev.ember.driver.state.Snapshots;
import dev.ember.driver.state.TrainState;
import dev.ember.driver.Trainer;
import dev.ember.driver.data.PreparedData;
import dev.ember.driver.config.Task;
import dev.ember.worker.NetworkSpec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One Ember training run on Fashion-MNIST whose test accuracy is probed while it trains: every
 * {@code 1/probesPerEpoch} of an epoch during the first {@code fineEpochs} epochs, and at the end of
 * every epoch. A probe evaluates the live parameters between two steps through the trainer's
 * snapshot hook; the clock excludes the probes, so {@link Probe#trainSeconds} is pure training time.
 */
final class EmberProbeRun {
    /** Test accuracy after {@code step} steps ({@code epochs} passes), at {@code trainSeconds} of training. */
    record Probe(long step, double epochs, double trainSeconds, double accuracy) {}

    /** The probes in step order and the median seconds of one probe (the evaluation left out of the clock). */
    record Result(List<Probe> probes, long stepsPerEpoch, double probeSeconds) {
        double totalSeconds() {
            return probes.get(probes.size() - 1).trainSeconds();
        }

        /** The probe at the end of epoch {@code e} (1-based), or null if the run was shorter. */
        Probe afterEpoch(int e) {
            return probes.stream().filter(p -> p.step() == e * stepsPerEpoch).findFirst().orElse(null);
        }

        /** The first probe at or above {@code goal}, or null. */
        Probe firstAtLeast(double goal) {
            return probes.stream().filter(p -> p.accuracy() >= goal).findFirst().orElse(null);
        }

        /** Training seconds of each epoch, from the epoch-end probes. */
        double[] epochSeconds() {
            List<Double> ends = new ArrayList<>();
            double before = 0;
            for (Probe p : probes) {
                if (p.step() % stepsPerEpoch == 0) {
                    ends.add(p.trainSeconds() - before);
                    before = p.trainSeconds();
                }
            }
            return ends.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    private EmberProbeRun() {}

    static Result run(JavaSparkContext jsc, FashionMnist.Data data, NetworkSpec spec, Trainer.Settings settings,
            int probesPerEpoch, int fineEpochs, PrintStream log) {
        PreparedData t = data.train();
        long stepsPerEpoch = Trainer.stepsPerEpoch(t.trainRows(), settings.batchSize());
        long every = Math.max(1, stepsPerEpoch / probesPerEpoch);
        List<Probe> probes = new ArrayList<>();
        List<Double> probeSeconds = new ArrayList<>();
        long[] excluded = {0};
        long start = System.nanoTime();
        Snapshots probe = (nextStep, epochEnd, state) -> {
            long enter = System.nanoTime();
            boolean fine = nextStep <= fineEpochs * stepsPerEpoch && nextStep % every == 0;
            if (!epochEnd && !fine) {
                return;
            }
            double trainSeconds = (enter - start - excluded[0]) / 1e9;
            double[] eval = FashionMnist.evaluate(jsc, data, spec, state.get().params());
            probes.add(new Probe(nextStep, (double) nextStep / stepsPerEpoch, trainSeconds, eval[1]));
            probeSeconds.add(eval[0]);
            excluded[0] += System.nanoTime() - enter;
        };
        float[] params = new float[spec.layout().total()];
        spec.initialize(params, FashionMnist.SEED);
        new Trainer(jsc, log).train(spec, TrainState.fresh(params, settings.optimizer().stateSize(params.length)),
                t.train(), t.trainRows(), null, Task.CLASSIFICATION, t.numClasses(), settings, probe);
        return new Result(List.copyOf(probes), stepsPerEpoch, Stats.of(probeSeconds).median());
    }
}
