// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver;

import dev.ember.driver.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One call of {@link Main#run} with its exit code and what it printed. */
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
        System.out.printf(java.util.Locale.ROOT, "CliRun %s %s: exit %d in %.1f s%n", args[0],
                args.length > 1 ? java.nio.file.Path.of(args[1]).getFileName() : "", code,
                (System.nanoTime() - start) / 1e9);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** For assertion messages. */
    String describe() {
        return "exit " + exit + "\n--- stderr ---\n" + err + "--- stdout (tail) ---\n"
                + out.substring(Math.max(0, out.length() - 2000));
    }
}
