// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.model;

import dev.ember.driver.config.ConfigException;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Checks, before any work, that a folder the run will write can be made where the config puts it. */
public final class Folders {
    private Folders() {}

    /**
     * Fails, naming {@code key}, when {@code path} lies under a file (the run would only find out
     * when it first writes there, after training) or, if {@code mustBeFolder}, is a file itself.
     */
    public static void requireCreatable(FileSystem fs, Path path, String key, boolean mustBeFolder)
            throws IOException {
        if (mustBeFolder && fs.exists(path) && !fs.getFileStatus(path).isDirectory()) {
            throw new ConfigException(key + " " + path + " is a file, not a folder: choose another path");
        }
        for (Path p = path.getParent(); p != null; p = p.getParent()) {
            if (fs.exists(p)) {
                if (!fs.getFileStatus(p).isDirectory()) {
                    throw new ConfigException(key + " " + path + " is under " + p + ", which is a file: choose a"
                            + " path in a folder");
                }
                return;
            }
        }
    }
}
