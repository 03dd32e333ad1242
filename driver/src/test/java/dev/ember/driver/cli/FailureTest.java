// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** Failures that a retry cannot fix are bad input (exit 2), not the infrastructure's (exit 4). */
class FailureTest {
    @Test
    void aMistypedMasterIsBadInput() {
        Failure f = Failure.classify(new SparkException("Could not parse Master URL: 'lokal[2]'"));
        assertEquals(ExitCode.BAD_INPUT, f.code());
        assertTrue(f.message().contains("'lokal[2]'") && f.message().contains("set spark.master"), f.message());
    }

    @Test
    void anUnknownSchemeIsBadInput() {
        Failure f = Failure.classify(new IOException("wrapped",
                new UnsupportedFileSystemException("No FileSystem for scheme \"nofs\"")));
        assertEquals(ExitCode.BAD_INPUT, f.code());
        assertTrue(f.message().contains("\"nofs\"") && f.message().contains("use file:, hdfs:"), f.message());
    }

    @Test
    void aMalformedRecordNamesItsFile() {
        Throwable t = new SparkException("[FAILED_READ_FILE.NO_HINT] Encountered error while reading file"
                + " file:///data/in.csv.  SQLSTATE: KD001", new SparkException("[MALFORMED_CSV_RECORD] Malformed CSV"
                + " record: 1,2,3,4 SQLSTATE: KD000"));
        Failure f = Failure.classify(t);
        assertEquals(ExitCode.BAD_INPUT, f.code());
        assertTrue(f.message().contains("file:///data/in.csv") && f.message().contains("1,2,3,4")
                && !f.message().contains("SQLSTATE"), f.message());
    }

    @Test
    void aLostConnectionStaysRetryable() {
        Failure f = Failure.classify(new SparkException("job aborted", new java.net.ConnectException("refused")));
        assertEquals(ExitCode.INFRASTRUCTURE, f.code());
    }
}
