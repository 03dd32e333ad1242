// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input fingerprint changes with any file's size or time and with the read's layout, and with nothing else. */
class InputFingerprintTest {
    @TempDir Path dir;

    @Test
    void filesAndLayoutAreFingerprintedInPathOrder() throws IOException {
        Path a = Files.writeString(dir.resolve("a.csv"), "x\n1\n");
        Path b = Files.writeString(dir.resolve("b.csv"), "x\n2\n3\n");
        Files.setLastModifiedTime(a, FileTime.fromMillis(1_600_000_000_000L));
        Files.setLastModifiedTime(b, FileTime.fromMillis(1_700_000_000_000L));
        Configuration conf = new Configuration();
        String pa = "file:" + a;
        String pb = "file:" + b;
        InputFingerprint f = InputFingerprint.of(List.of(pa, pb), new long[] {1, 2}, conf);

        assertEquals(2, f.files());
        assertEquals(Files.size(a) + Files.size(b), f.bytes());
        assertEquals("2023-11-14T22:13:20Z", f.modified());
        assertEquals(2, f.readPartitions());
        assertEquals(f, InputFingerprint.of(List.of(pb, pa), new long[] {1, 2}, conf), "the listing order does not matter");

        InputFingerprint otherLayout = InputFingerprint.of(List.of(pa, pb), new long[] {2, 1}, conf);
        assertEquals(f.filesSha256(), otherLayout.filesSha256());
        assertNotEquals(f.readLayoutSha256(), otherLayout.readLayoutSha256());

        Files.setLastModifiedTime(a, FileTime.fromMillis(1_600_000_001_000L));
        InputFingerprint touched = InputFingerprint.of(List.of(pa, pb), new long[] {1, 2}, conf);
        assertNotEquals(f.filesSha256(), touched.filesSha256());
        assertEquals(f.readLayoutSha256(), touched.readLayoutSha256());

        InputFingerprint none = InputFingerprint.of(List.of(), new long[] {3}, conf);
        assertEquals(0, none.files());
        assertEquals("none", none.modified());
    }

    @Test
    void aVanishedFileIsNamed() {
        String missing = "file:" + dir.resolve("gone.csv");
        DataException e = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                () -> InputFingerprint.of(List.of(missing), new long[] {0}, new Configuration()));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("gone.csv"), e.getMessage());
    }
}
