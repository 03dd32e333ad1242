// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.kernels.cpu.CpuBackend;
import dev.ember.worker.nn.CrossEntropy;
import dev.ember.worker.nn.Dense;
import dev.ember.worker.nn.Relu;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepProbeTest {
    private static final NetworkSpec SPEC = new NetworkSpec(20, List.of(),
            List.of(new Dense(64), new Relu(), new Dense(3)), new CrossEntropy(), 1);

    @Test
    void timesAStepAndLeavesTheBackendUsableForTheRealNetwork() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            StepProbe probe = new StepProbe(SPEC, SPEC.toJson(), 1000);
            double ms = probe.millisPerStep(cpu);
            assertTrue(ms > 0 && Double.isFinite(ms), "a step takes a positive, finite time: " + ms);
            float[] params = new float[SPEC.layout().total()];
            SPEC.initialize(params, 3);
            try (Network net = new Network(SPEC, cpu, 8)) {
                net.loadParams(params);
                net.zeroGradient();
                Batch batch = Batch.allocate(8, 20, 0, 1).withRows(8);
                for (int i = 0; i < 8 * 20; i++) {
                    batch.features()[i] = i % 7 - 3;
                }
                java.util.Arrays.fill(batch.weights(), 1f);
                net.accumulateGradient(batch);
                float[] grad = new float[params.length];
                net.readGradient(grad);
                assertNotEquals(0f, grad[0] * grad[0] + grad[grad.length - 1] * grad[grad.length - 1],
                        "the network after the probe computes a gradient");
            }
        }
    }

    @Test
    void theKeyNamesTheNetworkAndTheProbedRows() {
        StepProbe a = new StepProbe(SPEC, SPEC.toJson(), 1000);
        StepProbe b = new StepProbe(SPEC, SPEC.toJson(), 64);
        assertNotEquals(a.key(), b.key(), "a different micro-batch size is a different race");
        assertTrue(a.key().startsWith(SPEC.toJson()));
        assertArrayEquals(new String[] {a.key()}, new String[] {new StepProbe(SPEC, SPEC.toJson(), 5000).key()},
                "sizes above the probe's cap share one race");
    }
}
