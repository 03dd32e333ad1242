// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One call of {@link Main#run} with its exit code and what it printed. Each call logs its command,
 * exit code, time and first stderr line to the test output.
 */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        long start = System.nanoTime();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e);
        }
        String firstError = err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
        System.out.printf(Locale.ROOT, "CliRun %s: exit %d in %.1f s %s%n", args[0], code,
                (System.nanoTime() - start) / 1e9, firstError);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** For assertion messages. */
    String describe() {
        return "exit " + exit + "\n--- stderr ---\n" + err + "--- stdout (tail) ---\n"
                + out.substring(Math.max(0, out.length() - 2000));
    }
}
