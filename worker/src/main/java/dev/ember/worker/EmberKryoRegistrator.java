// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Kryo serialisers for what Ember ships between JVMs: gradient sums (task results and tree
 * levels) and blocks (spilled or shuffled). Written by hand because records' final fields are not
 * something Kryo's reflective serialiser should be trusted with, and because a float array written
 * with {@code writeFloats} is the fastest form Kryo has.
 */
public final class EmberKryoRegistrator implements KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(GradientSum.class, new GradientSumSerializer());
        kryo.register(Block.class, new BlockSerializer());
        kryo.register(StartTask.Report.class, new ReportSerializer());
        kryo.register(float[].class);
        kryo.register(long[].class);
        kryo.register(int[].class);
    }

    private static void writeArray(Output out, float[] a) {
        out.writeInt(a == null ? -1 : a.length, true);
        if (a != null) {
            out.writeFloats(a);
        }
    }

    private static float[] readArray(Input in) {
        int n = in.readInt(true);
        return n < 0 ? null : in.readFloats(n);
    }

    static final class GradientSumSerializer extends Serializer<GradientSum> {
        @Override
        public void write(Kryo kryo, Output out, GradientSum sum) {
            out.writeInt(sum.partitions(), true);
            out.writeInt(sum.nodes().size(), true);
            for (GradientSum.Node n : sum.nodes().values()) {
                out.writeInt(n.level(), true);
                out.writeInt(n.index(), true);
                out.writeDouble(n.lossSum());
                out.writeDouble(n.weightSum());
                out.writeLong(n.rows(), true);
                writeArray(out, n.grad());
            }
        }

        @Override
        public GradientSum read(Kryo kryo, Input in, Class<GradientSum> type) {
            GradientSum sum = new GradientSum(in.readInt(true));
            int count = in.readInt(true);
            for (int i = 0; i < count; i++) {
                int level = in.readInt(true);
                int index = in.readInt(true);
                double loss = in.readDouble();
                double weight = in.readDouble();
                long rows = in.readLong(true);
                GradientSum.Node n = new GradientSum.Node(level, index, readArray(in), loss, weight, rows);
                sum.nodes().put(n.key(), n);
            }
            return sum;
        }
    }

    static final class ReportSerializer extends Serializer<StartTask.Report> {
        @Override
        public void write(Kryo kryo, Output out, StartTask.Report r) {
            out.writeString(r.resolvedId());
            out.writeString(r.description());
        }

        @Override
        public StartTask.Report read(Kryo kryo, Input in, Class<StartTask.Report> type) {
            return new StartTask.Report(in.readString(), in.readString());
        }
    }

    static final class BlockSerializer extends Serializer<Block> {
        @Override
        public void write(Kryo kryo, Output out, Block b) {
            out.writeInt(b.rows(), true);
            out.writeInt(b.numericWidth(), true);
            out.writeInt(b.categoricalWidth(), true);
            out.writeInt(b.labelWidth(), true);
            writeArray(out, b.features());
            writeArray(out, b.categories());
            writeArray(out, b.labels());
            writeArray(out, b.weights());
            out.writeLongs(b.globalRows(), true);
        }

        @Override
        public Block read(Kryo kryo, Input in, Class<Block> type) {
            int rows = in.readInt(true);
            int numeric = in.readInt(true);
            int categorical = in.readInt(true);
            int labelWidth = in.readInt(true);
            float[] features = readArray(in);
            float[] categories = readArray(in);
            float[] labels = readArray(in);
            float[] weights = readArray(in);
            long[] globalRows = in.readLongs(rows, true);
            return new Block(rows, numeric, categorical, labelWidth, features, categories, labels, weights, globalRows);
        }
    }
}
