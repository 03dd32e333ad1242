// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.driver.SparkSessions;
import dev.ember.driver.config.SparkConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code training.init_from}: a warm start continues from the saved model's loss; partial starts list their layers. */
class WarmStartTest {
    static SparkSession spark;
    @TempDir static Path dir;
    static Path csv;
    static Path trained;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSessions.create(new SparkConfig("local[2]", Map.of("spark.ui.enabled", "false")),
                "WarmStartTest");
        csv = TinyJob.csv(dir, "train.csv", 320, -1);
        trained = dir.resolve("trained");
        TinyJob.Run r = TinyJob.train(TinyJob.yaml(dir, csv, trained), "training.epochs=6", "training.checkpoint=null");
        assertEquals(0, r.code(), r.all());
    }

    @AfterAll
    static void stop() {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    @Test
    void aWarmStartContinuesFromTheModelsLossNotFromScratch() throws IOException {
        double[][] first = TinyJob.epochLosses(trained);
        double last = first[first.length - 1][0];
        double coldFirstEpoch = first[0][0];

        Path warm = dir.resolve("warm");
        TinyJob.Run r = TinyJob.train(TinyJob.yaml(dir, csv, warm), "training.epochs=1",
                "training.init_from=" + trained);
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("init_from " + trained + ": copied 0.weight 8x3, 0.bias 1x8, 2.weight 3x8,"
                + " 2.bias 1x3\n"), r.out());
        assertTrue(r.out().contains("standardisation uses this run's training data"), r.out());
        double warmFirstEpoch = TinyJob.epochLosses(warm)[0][0];
        System.out.printf("warm start: trained model's last epoch %.4f, warm first epoch %.4f, cold first epoch"
                + " %.4f%n", last, warmFirstEpoch, coldFirstEpoch);
        assertTrue(Math.abs(warmFirstEpoch - last) < 0.25 * last, "warm first epoch " + warmFirstEpoch
                + " is close to the trained model's last epoch " + last);
        assertTrue(warmFirstEpoch < 0.6 * coldFirstEpoch, "warm first epoch " + warmFirstEpoch
                + " is far below a cold start's first epoch " + coldFirstEpoch);
    }

    @Test
    void aDifferentArchitectureNeedsInitFromPartialWhichListsTheLayers() throws IOException {
        String layers = "model.layers=[{dense: 8, activation: tanh}, {dense: 4, activation: tanh}]";
        Path refused = dir.resolve("refused");
        TinyJob.Run r = TinyJob.train(TinyJob.yaml(dir, csv, refused), layers, "training.init_from=" + trained);
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("has a different architecture: parameter 2 is 2.weight 4x8 here, 2.weight 3x8"
                + " there; set training.init_from_partial: true"), r.err());

        Path partial = dir.resolve("partial");
        TinyJob.Run p = TinyJob.train(TinyJob.yaml(dir, csv, partial), layers, "training.init_from=" + trained,
                "training.init_from_partial=true", "training.epochs=1");
        assertEquals(0, p.code(), p.all());
        assertTrue(p.out().contains("copied 0.weight 8x3, 0.bias 1x8; initialised afresh: 2.weight 4x8 (3x8 there),"
                + " 2.bias 1x4 (1x3 there), 4.weight 3x4 (absent there), 4.bias 1x3 (absent there)"), p.out());
    }
}
