// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import java.util.Arrays;

/** Append-only primitive buffers for packing rows whose count is unknown until the partition ends. */
final class GrowableArrays {
    private GrowableArrays() {}

    static final class Floats {
        float[] data = new float[1024];
        int size;

        /** Makes room for {@code n} more values and returns the offset where they go (size is not advanced). */
        int reserve(int n) {
            long need = (long) size + n;
            if (need > data.length) {
                long grown = Math.max(need, Math.min(Integer.MAX_VALUE - 8L, 2L * data.length));
                if (grown > Integer.MAX_VALUE - 8L) {
                    throw new IllegalStateException("a block cannot hold more than 2^31 floats");
                }
                data = Arrays.copyOf(data, (int) grown);
            }
            return size;
        }

        void commit(int n) {
            size += n;
        }

        void add(float v) {
            reserve(1);
            data[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }

    static final class Longs {
        long[] data = new long[256];
        int size;

        void add(long v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, 2 * data.length);
            }
            data[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
