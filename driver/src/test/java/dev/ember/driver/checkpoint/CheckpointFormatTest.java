// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import dev.ember.driver.state.Best;
import dev.ember.driver.state.EarlyState;
import dev.ember.driver.state.EpochRecord;
import dev.ember.driver.state.Progress;
import dev.ember.driver.state.TrainState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CheckpointFormatTest {

    static Checkpoint sample(long step, boolean withBest) throws IOException {
        Random r = new Random(step);
        float[] params = new float[1000];
        float[] state = new float[2000];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < state.length; i++) {
            state[i] = r.nextFloat() * 1e-3f;
        }
        params[7] = Float.MIN_VALUE;
        params[8] = -0.0f;
        Map<String, Double> validation = new LinkedHashMap<>();
        validation.put("loss", 0.1 + 1e-17 * step);
        validation.put("auc", Double.NaN);
        List<EpochRecord> history = List.of(new EpochRecord(1, 1.0 / 3, validation, 0.25),
                new EpochRecord(2, Math.PI, Map.of(), 1e-300));
        EarlyState early = withBest ? new EarlyState("loss", 2, 0.123456789012345, 1) : null;
        float[] best = withBest ? params.clone() : null;
        TrainState st = new TrainState(step, params, state, history,
                new Progress(12.000000000000002, 0.1 + 0.2, 3.5, 12345, 99.25),
                new Best(early, best, withBest ? 2 : -1, false));
        RunIdentity id = new RunIdentity(new ObjectMapper().readTree("{\"layers\":[{\"type\":\"dense\",\"units\":4}]}"),
                Map.of("data.train_rows", "100"), Map.of("training.optimizer.lr", "0.01"),
                Map.of("data.partitions", "3", "data.input.files_sha256", "ab12"));
        return new Checkpoint(id, 10, "2024-01-01T00:00:00Z", st);
    }

    static byte[] bytes(Checkpoint c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CheckpointFormat.write(c, out);
        return out.toByteArray();
    }

    static Checkpoint read(byte[] b) throws IOException {
        return CheckpointFormat.read(new ByteArrayInputStream(b), b.length, "ckpt");
    }

    @Test
    void writeThenReadIsBitExact() throws IOException {
        for (boolean withBest : new boolean[] {true, false}) {
            Checkpoint c = sample(37, withBest);
            Checkpoint back = read(bytes(c));
            TrainState a = c.state();
            TrainState b = back.state();
            assertArrayEquals(a.params(), b.params());
            assertArrayEquals(a.optimizerState(), b.optimizerState());
            if (withBest) {
                assertArrayEquals(a.best().params(), b.best().params());
            } else {
                assertNull(b.best().params());
            }
            assertEquals(a.nextStep(), b.nextStep());
            assertEquals(Double.doubleToRawLongBits(a.progress().epochLossSum()),
                    Double.doubleToRawLongBits(b.progress().epochLossSum()));
            assertEquals(Double.doubleToRawLongBits(a.progress().epochWeightSum()),
                    Double.doubleToRawLongBits(b.progress().epochWeightSum()));
            assertEquals(a.history(), b.history(), "epoch records, NaN and 1e-300 included");
            assertEquals(a.progress(), b.progress(), "the progress record, doubles compared exactly");
            assertEquals(a.best().early(), b.best().early());
            assertEquals(a.best().epoch(), b.best().epoch());
            assertEquals(a.best().stopped(), b.best().stopped());
            assertEquals(c.identity(), back.identity());
            assertEquals(c.stepsPerEpoch(), back.stepsPerEpoch());
        }
    }

    @Test
    void everyTruncationIsDetected() throws IOException {
        byte[] whole = bytes(sample(5, true));
        for (int keep : new int[] {0, 5, 12, 40, whole.length / 2, whole.length - 33, whole.length - 1}) {
            byte[] cut = Arrays.copyOf(whole, keep);
            CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> read(cut),
                    "a file cut to " + keep + " of " + whole.length + " bytes");
            assertTrue(e.getMessage().startsWith("ckpt "), e.getMessage());
        }
    }

    @Test
    void aFlippedByteAnywhereIsDetected() throws IOException {
        byte[] whole = bytes(sample(5, false));
        int headerEnd = 12 + (whole[8] & 0xff | (whole[9] & 0xff) << 8 | (whole[10] & 0xff) << 16);
        for (int at : new int[] {0, 9, 20, headerEnd + 3, headerEnd + 4000, whole.length - 40, whole.length - 1}) {
            byte[] bad = whole.clone();
            bad[at] ^= 0x10;
            assertThrows(CorruptCheckpointException.class, () -> read(bad), "byte " + at + " flipped");
        }
        byte[] payload = whole.clone();
        payload[headerEnd + 100] ^= 0x01;
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> read(payload));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void positionSaysWhereInTheEpochTheRunStands() throws IOException {
        assertEquals("step 37 (epoch 4, 7 of 10 batches done)", sample(37, false).position());
        assertEquals("step 30 (the end of epoch 3)", sample(30, false).position());
    }
}
