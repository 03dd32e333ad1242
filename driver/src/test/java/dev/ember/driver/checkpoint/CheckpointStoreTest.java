// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir Path dir;

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void keepsTheNewestAndWritesNoSideFiles() throws IOException {
        try (CheckpointStore store = CheckpointStore.open(dir.toString(), new Configuration())) {
            for (long step : new long[] {3, 6, 9, 12}) {
                store.save(CheckpointFormatTest.sample(step, false), 2);
            }
            assertEquals(List.of("step-000000000009.ckpt", "step-000000000012.ckpt"), names(dir),
                    "the two newest, no .crc files, no temporaries");
            assertEquals(12, store.read(store.list().get(1).path()).step());
        }
    }

    @Test
    void newestValidSkipsATruncatedAndAnAlteredCheckpointAndNamesThem() throws IOException {
        try (CheckpointStore store = CheckpointStore.open(dir.toString(), new Configuration())) {
            for (long step : new long[] {4, 8, 12}) {
                store.save(CheckpointFormatTest.sample(step, true), 5);
            }
            Files.writeString(dir.resolve(".step-000000000016.ckpt.tmp-abc"), "half written");
            Path newest = dir.resolve("step-000000000012.ckpt");
            try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
                f.setLength(f.length() - 100);
            }
            Path middle = dir.resolve("step-000000000008.ckpt");
            byte[] b = Files.readAllBytes(middle);
            b[b.length - 500] ^= 0x04;
            Files.write(middle, b);

            ByteArrayOutputStream log = new ByteArrayOutputStream();
            CheckpointStore.Found found = store.newestValid(new PrintStream(log, true, StandardCharsets.UTF_8));
            String text = log.toString(StandardCharsets.UTF_8);
            assertEquals(4, found.checkpoint().step());
            assertEquals(2, found.skipped().size());
            assertTrue(text.matches("(?s)warning: checkpoint \\S*step-000000000012.ckpt [^\n]*truncated[^\n]*;"
                    + " skipping it\n.*"), text);
            assertTrue(text.matches("(?s).*\nwarning: checkpoint \\S*step-000000000008.ckpt fails its SHA-256"
                    + " check[^\n]*; skipping it\n"), text);
            assertEquals(1, store.deleteTemporaries());
            assertEquals(3, store.deleteAll());
            assertFalse(Files.exists(dir), "the emptied folder is removed");
        }
    }
}
