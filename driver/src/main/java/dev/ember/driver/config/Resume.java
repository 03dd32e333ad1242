// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

/**
 * {@code training.resume}: {@code auto} (continue from the newest valid checkpoint in the run's
 * checkpoint folder, if there is one), {@code never} (start afresh, deleting what an earlier run
 * left there), or the path of a checkpoint file or a folder of them.
 */
public sealed interface Resume {
    Resume AUTO = new Auto();
    Resume NEVER = new Never();

    record Auto() implements Resume {
        @Override
        public String toString() {
            return "auto";
        }
    }

    record Never() implements Resume {
        @Override
        public String toString() {
            return "never";
        }
    }

    /** Continue from this checkpoint file, or from the newest valid one in this folder. */
    record From(String path) implements Resume {
        public From {
            if (path == null || path.isBlank()) {
                throw new ConfigException("training.resume must be auto, never or the path of a checkpoint, got ''");
            }
        }

        @Override
        public String toString() {
            return path;
        }
    }

    /** From the config's value: the words {@code auto} and {@code never}, else a path. */
    static Resume of(String value) {
        return switch (value) {
            case "auto" -> AUTO;
            case "never" -> NEVER;
            default -> new From(value);
        };
    }
}
