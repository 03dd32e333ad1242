// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProgressLogTest {
    private static final Pattern ETA = Pattern.compile("ETA (\\d+)m(\\d+)s");

    @Test
    void etaAfterAResumeIsPacedByTheStepsRunSinceTheResume() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // resumed at step 900 of 1000: one step has run when the line is printed, 99 remain
        ProgressLog log = new ProgressLog(out, 1000, 10, 900);
        Thread.sleep(200);
        log.line(9, 900, 0.5, 0.001);
        String line = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(line.startsWith("epoch 10/10  step 901/1000"), line);
        Matcher m = ETA.matcher(line);
        assertTrue(m.find(), line);
        long seconds = Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2));
        // ≥ 0.2 s per step since the resume × 99 steps ≈ 20 s; pacing by all 901 steps would say ~0 s
        assertTrue(seconds >= 19, "ETA " + seconds + " s in: " + line);
    }

    @Test
    void durationsReadAsMinutesOrHours() {
        assertEquals("1m05s", ProgressLog.duration(65));
        assertEquals("2h01m", ProgressLog.duration(7260));
    }
}
