// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import dev.ember.worker.EmberKryoRegistrator;
import java.nio.ByteBuffer;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A cached chunk that spills to disk goes through Spark's Kryo serializer, as Ember configures it. */
class RawChunkSerializationTest {

    @Test
    void chunkSurvivesAKryoRoundTripAsWhenItSpillsToDisk() {
        SparkConf conf = new SparkConf(false).set("spark.kryo.registrator", EmberKryoRegistrator.class.getName());
        SerializerInstance kryo = new KryoSerializer(conf).newInstance();
        DataSummary summary = new DataSummary(2, 1);
        summary.rows = 3;
        summary.trainRows = 2;
        summary.featureBad[1] = 4;
        RawChunk chunk = new RawChunk(3, 2, 1, 1, new float[] {1, 2, 3, 4, 5, 6}, new float[] {0, 2, 1},
                new float[] {1, 0, 1}, null, new long[] {7, 8, 9}, summary);
        ClassTag<RawChunk> tag = ClassTag$.MODULE$.apply(RawChunk.class);

        ByteBuffer bytes = kryo.serialize(chunk, tag);
        RawChunk back = kryo.deserialize(bytes, tag);

        assertEquals(3, back.rows());
        assertEquals(2, back.numericWidth());
        assertArrayEquals(chunk.features(), back.features());
        assertArrayEquals(chunk.categories(), back.categories());
        assertArrayEquals(chunk.labels(), back.labels());
        assertNull(back.weights());
        assertArrayEquals(chunk.globalRows(), back.globalRows());
        assertEquals(2, back.summary().trainRows);
        assertArrayEquals(new long[] {0, 4}, back.summary().featureBad);
    }
}
