// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GradientSumTest {

    /** Values of wildly different magnitudes, so float addition order shows in the last bits. */
    private static float[][] partitionGradients(int partitions, int length, long seed) {
        Random random = new Random(seed);
        float[][] g = new float[partitions][length];
        for (float[] row : g) {
            for (int i = 0; i < length; i++) {
                row[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(8) - 4));
            }
        }
        return g;
    }

    /** Adds the partitions in the given order, merging random-sized groups the way tree levels would. */
    private static GradientSum aggregate(float[][] g, List<Integer> order, Random random) {
        int p = g.length;
        List<GradientSum> groups = new ArrayList<>();
        GradientSum current = new GradientSum(p);
        for (int idx : order) {
            current.addPartition(idx, g[idx].clone(), idx * 0.1, idx + 1.0, idx);
            if (random.nextInt(3) == 0) {
                groups.add(current);
                current = new GradientSum(p);
            }
        }
        groups.add(current);
        Collections.shuffle(groups, random);
        GradientSum total = new GradientSum(p);
        for (GradientSum s : groups) {
            total.merge(s);
        }
        return total;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 9, 16, 17})
    void anyArrivalOrderGivesBitIdenticalTotals(int partitions) {
        float[][] g = partitionGradients(partitions, 257, 11);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            order.add(i);
        }
        GradientSum.Node reference = aggregate(g, order, new Random(1)).total();
        for (int trial = 0; trial < 25; trial++) {
            Random random = new Random(100 + trial);
            Collections.shuffle(order, random);
            GradientSum.Node total = aggregate(g, order, random).total();
            assertArrayEquals(reference.grad(), total.grad(), "arrival order " + order);
            assertEquals(reference.lossSum(), total.lossSum(), 0.0);
            assertEquals(reference.weightSum(), total.weightSum(), 0.0);
            assertEquals(reference.rows(), total.rows());
        }
    }

    @Test
    void theEmptySumIsTheIdentityOnEitherSideAndMergeEmptiesItsArgument() {
        float[][] g = partitionGradients(5, 33, 3);
        GradientSum plain = aggregate(g, List.of(0, 1, 2, 3, 4), new Random(2));
        float[] expected = plain.total().grad().clone();

        GradientSum left = new GradientSum(5).merge(aggregate(g, List.of(4, 2, 0, 3, 1), new Random(3)));
        GradientSum right = aggregate(g, List.of(1, 3, 0, 4, 2), new Random(4)).merge(new GradientSum(5));
        assertArrayEquals(expected, left.total().grad(), "zero merged with a sum");
        assertArrayEquals(expected, right.total().grad(), "a sum merged with zero");
        assertTrue(new GradientSum(5).nodes().isEmpty(), "the zero value holds no node and no array");

        GradientSum part = new GradientSum(5).addPartition(2, g[2].clone(), 0, 1, 1);
        GradientSum into = new GradientSum(5);
        into.merge(part);
        assertTrue(part.nodes().isEmpty(), "merge moves the nodes out of its argument");
        assertEquals(1, into.nodes().size());
    }

    @Test
    void totalEqualsThePartitionSumWithinFloatRounding() {
        float[][] g = partitionGradients(6, 64, 3);
        GradientSum sum = new GradientSum(6);
        for (int p = 5; p >= 0; p--) {
            sum.addPartition(p, g[p].clone(), 1.0, 2.0, 10);
        }
        float[] total = sum.total().grad();
        for (int i = 0; i < 64; i++) {
            double expect = 0;
            double scale = 0;
            for (float[] row : g) {
                expect += row[i];
                scale += Math.abs(row[i]);
            }
            assertEquals(expect, total[i], 1e-6 * scale, "element " + i);
        }
        assertEquals(6.0, sum.total().lossSum(), 1e-12);
        assertEquals(12.0, sum.total().weightSum(), 1e-12);
        assertEquals(60, sum.total().rows());
    }

    @Test
    void emptyPartitionsCountAsZeros() {
        GradientSum sum = new GradientSum(3);
        sum.addPartition(1, null, 0, 0, 0);
        sum.addPartition(2, new float[] {1f, 2f}, 0.5, 1, 1);
        assertFalse(sum.isComplete());
        sum.addPartition(0, null, 0, 0, 0);
        assertTrue(sum.isComplete());
        assertArrayEquals(new float[] {1f, 2f}, sum.total().grad());

        GradientSum none = new GradientSum(2).addPartition(0, null, 0, 0, 0).addPartition(1, null, 0, 0, 0);
        assertNull(none.total().grad());
    }

    @Test
    void incompleteOrDuplicatedSumsAreRefused() {
        GradientSum sum = new GradientSum(4).addPartition(0, new float[1], 0, 0, 0);
        assertThrows(IllegalStateException.class, sum::total);
        assertThrows(IllegalStateException.class, () -> sum.addPartition(0, new float[1], 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> sum.addPartition(4, new float[1], 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> sum.merge(new GradientSum(3)));
    }
}
