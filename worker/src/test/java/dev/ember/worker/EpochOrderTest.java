// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EpochOrderTest {

    private static Block blockOf(long fromRow, int rows) {
        long[] global = new long[rows];
        for (int i = 0; i < rows; i++) {
            global[i] = fromRow + i;
        }
        return new Block(rows, 0, 0, 1, new float[0], new float[0], new float[rows], null, global);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 7, 64, 65, 1000, 60_000})
    void positionsArePermutationsOfTheRows(long n) {
        boolean[] seen = new boolean[(int) n];
        for (long g = 0; g < n; g++) {
            long p = EpochOrder.position(g, 42, 3, n);
            assertTrue(p >= 0 && p < n, "position " + p + " out of range");
            assertTrue(!seen[(int) p], "position " + p + " used twice");
            seen[(int) p] = true;
        }
    }

    @Test
    void epochsAndSeedsGiveDifferentOrders() {
        long n = 1000;
        long[] e0 = new long[(int) n];
        long[] e1 = new long[(int) n];
        long[] s1 = new long[(int) n];
        for (int g = 0; g < n; g++) {
            e0[g] = EpochOrder.position(g, 42, 0, n);
            e1[g] = EpochOrder.position(g, 42, 1, n);
            s1[g] = EpochOrder.position(g, 43, 0, n);
        }
        assertNotEquals(Arrays.toString(e0), Arrays.toString(e1));
        assertNotEquals(Arrays.toString(e0), Arrays.toString(s1));
        // A shuffle, not a near-identity: few rows keep their place.
        int fixed = 0;
        for (int g = 0; g < n; g++) {
            fixed += e0[g] == g ? 1 : 0;
        }
        assertTrue(fixed < 20, fixed + " fixed points");
    }

    /** The global rows of each batch, from blocks split at the given row boundaries. */
    private static List<TreeSet<Long>> batches(long n, int batchSize, long[] splits) {
        List<TreeSet<Long>> out = new ArrayList<>();
        int steps = (int) ((n + batchSize - 1) / batchSize);
        for (int t = 0; t < steps; t++) {
            out.add(new TreeSet<>());
        }
        for (int s = 0; s + 1 < splits.length; s++) {
            Block block = blockOf(splits[s], (int) (splits[s + 1] - splits[s]));
            EpochOrder order = EpochOrder.of(block, 7, 2, n);
            for (int t = 0; t < steps; t++) {
                for (int local : order.rowsOfBatch(t, batchSize)) {
                    out.get(t).add(block.globalRows()[local]);
                }
            }
        }
        return out;
    }

    @Test
    void batchesDoNotDependOnPartitioning() {
        long n = 1003;
        List<TreeSet<Long>> one = batches(n, 64, new long[] {0, n});
        List<TreeSet<Long>> three = batches(n, 64, new long[] {0, 100, 650, n});
        assertEquals(one, three);
        long total = 0;
        for (int t = 0; t < one.size(); t++) {
            int expected = t < one.size() - 1 ? 64 : (int) (n - 64L * (one.size() - 1));
            assertEquals(expected, one.get(t).size(), "batch " + t);
            total += one.get(t).size();
        }
        assertEquals(n, total);
    }
}
