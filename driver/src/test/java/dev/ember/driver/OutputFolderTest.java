// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.driver.config.OutputMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed commit leaves beside an output, and what the next run does with it. */
class OutputFolderTest {
    @TempDir
    Path dir;

    private String prepare(Path output, OutputMode mode) throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        OutputFolder.prepare(output.toString(), mode, Map.of(), new Configuration(),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anOverwriteKilledBetweenItsTwoRenamesGetsThePreviousModelBack() throws IOException {
        Path output = dir.resolve("model");
        // killed after moving the old model aside and before renaming the new one in
        Path old = Files.createDirectories(dir.resolve(".model.old-1234"));
        Files.writeString(old.resolve("model.json"), "{\"previous\": true}");
        Path tmp = Files.createDirectories(dir.resolve(".model.tmp-5678"));
        Files.writeString(tmp.resolve("model.json"), "{\"half-written\": true}");

        String log = prepare(output, OutputMode.OVERWRITE);

        assertEquals("{\"previous\": true}", Files.readString(output.resolve("model.json")), "the old model is back");
        assertFalse(Files.exists(old), log);
        assertFalse(Files.exists(tmp), "the unfinished new model is removed: " + log);
        assertTrue(log.contains("previous model was put back") && log.contains("interrupted run"), log);
    }

    @Test
    void leftoversBesideAnIntactOutputAreRemovedAndTheOutputKept() throws IOException {
        Path output = Files.createDirectories(dir.resolve("model"));
        Files.writeString(output.resolve("model.json"), "{\"current\": true}");
        Files.createDirectories(dir.resolve(".model.old-1"));
        Files.createDirectories(dir.resolve(".model.tmp-2"));
        Files.createDirectories(dir.resolve(".other.tmp-3"));

        prepare(output, OutputMode.OVERWRITE);

        assertEquals("{\"current\": true}", Files.readString(output.resolve("model.json")));
        assertFalse(Files.exists(dir.resolve(".model.old-1")));
        assertFalse(Files.exists(dir.resolve(".model.tmp-2")));
        assertTrue(Files.exists(dir.resolve(".other.tmp-3")), "another output's leftovers are not this run's");
    }

    @Test
    void aVersionedFolderLosesItsUnfinishedVersionsAndKeepsLatest() throws IOException {
        Path output = Files.createDirectories(dir.resolve("models"));
        Files.createDirectories(output.resolve("v-1"));
        Files.writeString(output.resolve("LATEST"), "v-1\n");
        Files.createDirectories(output.resolve(".models.tmp-9"));
        Files.writeString(output.resolve(".LATEST.tmp-9"), "v-2\n");

        prepare(output, OutputMode.VERSIONED);

        assertEquals("v-1\n", Files.readString(output.resolve("LATEST")));
        assertFalse(Files.exists(output.resolve(".models.tmp-9")));
        assertFalse(Files.exists(output.resolve(".LATEST.tmp-9")));
        assertTrue(Files.exists(output.resolve("v-1")));
    }
}
