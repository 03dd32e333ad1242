// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic behind mlp-vs-mllib's figures, on made-up fits and probes. */
class BenchFiguresTest {

    @Test
    void secondsLineRecoversAnExactLineAndAveragesNoise() {
        List<MllibMlp.Fit> exact = List.of(new MllibMlp.Fit(1, 7.5, 0.1, 1), new MllibMlp.Fit(10, 21, 0.7, 10),
                new MllibMlp.Fit(50, 81, 0.84, 50));
        assertArrayEquals(new double[] {6, 1.5}, MllibMlp.secondsLine(exact), 1e-9);
        // one fit 20 s late moves the line far less than it moves that fit
        List<MllibMlp.Fit> noisy = List.of(new MllibMlp.Fit(1, 7.5, 0.1, 1), new MllibMlp.Fit(10, 21, 0.7, 10),
                new MllibMlp.Fit(50, 81, 0.84, 50), new MllibMlp.Fit(53, 105.5, 0.852, 53),
                new MllibMlp.Fit(100, 156, 0.88, 100));
        double[] line = MllibMlp.secondsLine(noisy);
        double at53 = line[0] + line[1] * 53;
        assertEquals(85.5, at53, 5.0);
    }

    @Test
    void ladderSortsItsFitsAndFindsTheFewestIterationsAtTheGoal() {
        MllibMlp.Ladder ladder = new MllibMlp.Ladder("l-bfgs", List.of(new MllibMlp.Fit(100, 150, 0.88, 100),
                new MllibMlp.Fit(50, 80, 0.849, 50), new MllibMlp.Fit(56, 90, 0.8555, 56),
                new MllibMlp.Fit(53, 85, 0.8524, 53)), "reached");
        assertEquals(List.of(50, 53, 56, 100), ladder.fits().stream().map(MllibMlp.Fit::maxIter).toList());
        assertEquals(53, ladder.first(0.85).maxIter());
        assertNull(ladder.first(0.9));
    }

    @Test
    void probeRunFiguresComeFromItsEpochEndsAndFirstCrossing() {
        List<EmberProbeRun.Probe> probes = List.of(new EmberProbeRun.Probe(5, 0.5, 1.0, 0.83),
                new EmberProbeRun.Probe(10, 1.0, 2.5, 0.849), new EmberProbeRun.Probe(15, 1.5, 3.5, 0.851),
                new EmberProbeRun.Probe(20, 2.0, 4.0, 0.84));
        EmberProbeRun.Result r = new EmberProbeRun.Result(probes, 10, 0.2);
        assertArrayEquals(new double[] {2.5, 1.5}, r.epochSeconds(), 1e-12);
        assertEquals(4.0, r.totalSeconds());
        assertEquals(0.849, r.afterEpoch(1).accuracy());
        assertNull(r.afterEpoch(3));
        assertEquals(3.5, r.firstAtLeast(0.85).trainSeconds());
        assertNull(r.firstAtLeast(0.9));
    }
}
