// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import dev.ember.tensor.Rng;
import java.util.Arrays;

/**
 * Which of a block's rows belong to each global batch of one epoch.
 *
 * <p>An epoch visits the {@code N} training rows in the order of a seeded permutation π of the
 * global row indices; batch t is the rows whose position π(g) lies in {@code [t·B, (t+1)·B)}.
 * π is a 4-round Feistel network over the smallest even-bit power-of-two domain ≥ N, with
 * cycle-walking back into {@code [0, N)}: a bijection computable row by row, so a partition finds
 * the positions of its own rows without seeing any other row and without moving data. Sorting its
 * rows by position once per epoch (O(n log n)) lets every step touch only the rows of its batch.
 * The permutation depends only on (seed, epoch, N): never on partitioning.
 */
public final class EpochOrder {
    private final long[] positions;   // sorted ascending
    private final int[] localRows;    // localRows[i] has position positions[i]

    private EpochOrder(long[] positions, int[] localRows) {
        this.positions = positions;
        this.localRows = localRows;
    }

    /** Orders the rows of {@code block} for {@code epoch}. */
    public static EpochOrder of(Block block, long seed, long epoch, long totalRows) {
        int n = block.rows();
        long[] pos = new long[n];
        for (int r = 0; r < n; r++) {
            pos[r] = position(block.globalRows()[r], seed, epoch, totalRows);
        }
        int[] local = new int[n];
        long[] sorted = new long[n];
        if (totalRows <= (1L << 32)) {
            // Pack (position, local row) into one long so a primitive sort does the work.
            long[] packed = new long[n];
            for (int r = 0; r < n; r++) {
                packed[r] = (pos[r] << 31) | r;
            }
            Arrays.sort(packed);
            for (int i = 0; i < n; i++) {
                local[i] = (int) (packed[i] & 0x7FFF_FFFFL);
                sorted[i] = packed[i] >>> 31;
            }
        } else {
            Integer[] idx = new Integer[n];
            Arrays.setAll(idx, r -> r);
            Arrays.sort(idx, (a, b) -> Long.compare(pos[a], pos[b]));
            for (int i = 0; i < n; i++) {
                local[i] = idx[i];
                sorted[i] = pos[idx[i]];
            }
        }
        return new EpochOrder(sorted, local);
    }

    /** The local row indices of batch {@code t} (size {@code batchSize}), in position order. */
    public int[] rowsOfBatch(long t, int batchSize) {
        long lo = t * batchSize;
        long hi = lo + batchSize;
        int from = lowerBound(lo);
        int to = lowerBound(hi);
        return Arrays.copyOfRange(localRows, from, to);
    }

    private int lowerBound(long value) {
        int i = Arrays.binarySearch(positions, value);
        return i >= 0 ? i : -i - 1;
    }

    /** π(g): the position of global row {@code g} in the epoch's order. */
    public static long position(long globalRow, long seed, long epoch, long totalRows) {
        if (globalRow < 0 || globalRow >= totalRows) {
            throw new IllegalArgumentException("global row " + globalRow + " outside [0, " + totalRows + ")");
        }
        int halfBits = Math.max(1, (64 - Long.numberOfLeadingZeros(Math.max(1, totalRows - 1)) + 1) / 2);
        long x = globalRow;
        do {
            x = feistel(x, halfBits, seed, epoch);
        } while (x >= totalRows);
        return x;
    }

    private static long feistel(long x, int halfBits, long seed, long epoch) {
        long mask = (1L << halfBits) - 1;
        long left = x >>> halfBits;
        long right = x & mask;
        for (int round = 0; round < 4; round++) {
            long f = Rng.mix(seed, epoch, ((long) round << 40) | right) & mask;
            long next = left ^ f;
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }
}
