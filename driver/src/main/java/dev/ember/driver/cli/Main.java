// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Ember's one entry point, for {@code spark-submit} and {@code ./ember}: {@code train},
 * {@code predict}, {@code evaluate}, {@code devices}. Parses, runs, and maps every failure to one
 * sentence and an {@link ExitCode}; the work itself lives in the job classes.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--verbose")) {
            // read by deploy/log4j2.properties, so set before anything logs
            System.setProperty("ember.log.stack", "full");
            System.setProperty("ember.log.tasks", "warn");
        }
        int code = run(args, System.out, System.err);
        System.exit(code);
    }

    /** Runs a command and returns its exit code; never calls {@code System.exit}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> list = Arrays.asList(args);
        boolean verbose = list.contains("--verbose");
        List<String> rest = list.stream().filter(a -> !a.equals("--verbose")).toList();
        if (rest.isEmpty() || rest.get(0).equals("help") || rest.get(0).equals("--help")) {
            out.println(Commands.USAGE);
            return rest.isEmpty() ? ExitCode.BAD_INPUT.code() : ExitCode.OK.code();
        }
        try {
            String command = rest.get(0);
            List<String> params = rest.subList(1, rest.size());
            return switch (command) {
                case "train" -> Commands.train(params, out);
                case "predict" -> Commands.predict(params, out);
                case "evaluate" -> Commands.evaluate(params, out);
                case "devices" -> Commands.devices(out);
                default -> throw new UsageException("unknown command '" + command
                        + "': use train, predict, evaluate or devices (see --help)");
            };
        } catch (Throwable t) {
            Failure f = Failure.classify(t);
            err.println("ember: " + f.message());
            if (verbose) {
                t.printStackTrace(err);
            } else if (f.code() == ExitCode.INTERNAL) {
                err.println("ember: rerun with --verbose for the stack trace");
            }
            return f.code().code();
        }
    }
}
