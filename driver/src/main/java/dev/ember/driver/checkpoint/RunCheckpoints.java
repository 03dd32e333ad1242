// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import dev.ember.driver.state.Snapshots;
import dev.ember.driver.state.TrainState;
import dev.ember.driver.config.CheckpointConfig;
import dev.ember.driver.config.ConfigException;
import dev.ember.driver.config.Resume;
import dev.ember.driver.config.TrainingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A run's checkpoints, from start to end.
 *
 * <ol>
 *   <li>{@link #open}: {@code training.resume: auto} takes the newest complete, checksum-valid
 *       checkpoint in the folder (a corrupt or truncated newer one is skipped with a warning that
 *       names it, then deleted); {@code never} deletes what an earlier run left; a path resumes
 *       from that file (or the newest valid one in that folder). A resumed checkpoint must match
 *       this run's {@link RunIdentity}: a different model or data schema is a {@link ConfigException}
 *       naming every difference; changed learning rate, epochs and the like are logged.</li>
 *   <li>{@link #offer}: the trainer offers its state after every step and epoch; one is saved at
 *       every epoch's end and, inside an epoch, every {@code every_steps} steps and every
 *       {@code every_minutes} minutes.</li>
 *   <li>{@link #finished}: once the output is in place, the run's checkpoints are deleted, so the
 *       next run of the same job starts afresh instead of resuming a finished run.</li>
 * </ol>
 * Without {@code training.checkpoint} nothing is written (an explicit resume path still works).
 */
public final class RunCheckpoints implements Snapshots, AutoCloseable {
    private final CheckpointStore store;
    private final CheckpointConfig config;
    private final boolean exact;
    private RunIdentity identity;
    private final long stepsPerEpoch;
    private final PrintStream log;
    private Checkpoint resumed;
    private long lastSaveNanos = System.nanoTime();

    private RunCheckpoints(CheckpointStore store, CheckpointConfig config, boolean exact, RunIdentity identity,
            long stepsPerEpoch, PrintStream log) {
        this.store = store;
        this.config = config;
        this.exact = exact;
        this.identity = identity;
        this.stepsPerEpoch = stepsPerEpoch;
        this.log = log;
    }

    /** Opens the checkpoint folder of a run writing to {@code output} and resolves {@code training.resume}. */
    public static RunCheckpoints open(TrainingConfig tc, String output, RunIdentity identity, long stepsPerEpoch,
            Configuration conf, PrintStream log) throws IOException {
        CheckpointConfig cc = tc.checkpoint();
        CheckpointStore store = cc == null ? null : CheckpointStore.create(cc.dirFor(output), conf);
        RunCheckpoints run = new RunCheckpoints(store, cc, tc.resumeExact(), identity, stepsPerEpoch, log);
        try {
            run.resolve(tc.resume(), conf);
        } catch (IOException | RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    /** The backend the resumed checkpoint's run was pinned to, or null (a fresh run, or none recorded). */
    public String recordedBackend() {
        return resumed == null ? null : resumed.identity().backend();
    }

    /** Records in every checkpoint from now on the backend this run pinned its tasks to. */
    public void recordBackend(String resolvedId) {
        identity = identity.withBackend(resolvedId);
    }

    /** The state to continue from, or null to start afresh. */
    public TrainState resumed() {
        return resumed == null ? null : resumed.state();
    }

    private void resolve(Resume resume, Configuration conf) throws IOException {
        if (resume instanceof Resume.Never) {
            clear("training.resume is never");
        } else if (resume instanceof Resume.From from) {
            resumeFrom(from.path(), conf);
        } else {
            resumeAuto();
        }
        if (store != null) {
            log.println("checkpoints: " + store.dir() + " (" + schedule() + ")");
        }
    }

    private void resumeAuto() throws IOException {
        if (store == null) {
            return;
        }
        CheckpointStore.Found found = store.newestValid(log);
        if (found == null) {
            clear("none of them can be resumed");
            return;
        }
        accept(found.checkpoint(), found.path());
        for (Path p : found.skipped()) {
            store.delete(p);
        }
        store.deleteTemporaries();
    }

    private void resumeFrom(String path, Configuration conf) throws IOException {
        CheckpointStore.Found found;
        try (CheckpointStore source = CheckpointStore.open(path, conf)) {
            org.apache.hadoop.fs.FileSystem fs = new Path(path).getFileSystem(conf);
            Path p = new Path(path);
            if (!fs.exists(p)) {
                throw new ConfigException("training.resume: " + path + " does not exist: name a checkpoint file"
                        + " (step-*.ckpt) or a folder of them, or use auto or never");
            }
            found = fs.getFileStatus(p).isDirectory() ? source.newestValid(log) : readExplicit(source, p);
        }
        if (found == null) {
            throw new ConfigException("training.resume: " + path + " holds no valid checkpoint");
        }
        accept(found.checkpoint(), found.path());
        if (store != null) {
            int later = store.deleteAfter(found.checkpoint().step());
            if (later > 0) {
                log.println("checkpoints: removed " + later + " later checkpoints from " + store.dir()
                        + ": the run continues from " + found.path());
            }
            store.deleteTemporaries();
        }
    }

    private static CheckpointStore.Found readExplicit(CheckpointStore source, Path p) throws IOException {
        try {
            return new CheckpointStore.Found(source.read(p), p, List.of());
        } catch (CorruptCheckpointException e) {
            throw new ConfigException("training.resume: " + e.getMessage(), e);
        }
    }

    /** Checks {@code c} against this run, logs what changed, and takes it. */
    private void accept(Checkpoint c, Path path) {
        List<String> conflicts = identity.conflicts(c.identity(), exact);
        if (!conflicts.isEmpty()) {
            boolean layoutOnly = identity.conflicts(c.identity(), false).isEmpty();
            throw new ConfigException("cannot resume from checkpoint " + path + ": " + String.join("; ", conflicts)
                    + (layoutOnly ? ". Restore the data and data.partitions it was made with, set"
                            + " training.resume_exact: false to continue on them anyway (not bit-identical to an"
                            + " uninterrupted run)," : ". Restore the config it was made with,")
                    + " or start afresh with training.resume: never"
                    + (store == null ? "" : " (which deletes the checkpoints in " + store.dir() + ")"));
        }
        List<String> changes = identity.changes(c.identity(), exact);
        if (!changes.isEmpty()) {
            log.println("resuming with changed settings: " + String.join(", ", changes));
        }
        if (!exact && identity.layoutDiffers(c.identity())) {
            log.println("resuming on changed input or partitions (training.resume_exact: false): the run will not"
                    + " end bit-identical to an uninterrupted one");
        }
        log.println("resuming from checkpoint " + path + " at " + c.position() + ", saved " + c.created());
        resumed = c;
    }

    private void clear(String why) throws IOException {
        if (store == null) {
            return;
        }
        int n = store.deleteAll();
        if (n > 0) {
            log.println("checkpoints: removed " + n + " files of an earlier run from " + store.dir() + " (" + why
                    + ")");
        }
    }

    private String schedule() {
        StringBuilder sb = new StringBuilder("at every epoch's end");
        if (config.everySteps() > 0) {
            sb.append(", every ").append(config.everySteps()).append(" steps");
        }
        if (config.everyMinutes() > 0) {
            sb.append(", every ").append(config.everyMinutes()).append(" minutes");
        }
        return sb.append("; keeping ").append(config.keep()).toString();
    }

    @Override
    public void offer(long nextStep, boolean epochEnd, Supplier<TrainState> state) {
        if (store == null || !(epochEnd || due(nextStep))) {
            return;
        }
        Checkpoint c = new Checkpoint(identity, stepsPerEpoch, Instant.now().toString(), state.get());
        try {
            Path p = store.save(c, config.keep());
            lastSaveNanos = System.nanoTime();
            log.println("checkpoint " + p.getName() + " saved at " + c.position());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint to " + store.dir() + ": " + e.getMessage(), e);
        }
    }

    private boolean due(long nextStep) {
        if (config.everySteps() > 0 && nextStep % config.everySteps() == 0) {
            return true;
        }
        return config.everyMinutes() > 0 && System.nanoTime() - lastSaveNanos >= config.everyMinutes() * 60e9;
    }

    /**
     * After the output is in place: deletes this run's checkpoints (and the folder when it is left
     * empty). The model is already safe, so a failure here is a warning, not a failed run.
     */
    public void finished() {
        try {
            if (store != null && store.deleteAll() > 0) {
                log.println("checkpoints: removed from " + store.dir() + " (the run finished)");
            }
        } catch (IOException e) {
            log.println("warning: could not remove the checkpoints in " + store.dir() + ": " + e.getMessage()
                    + "; delete them, or the next run of this job resumes the finished one");
        }
    }

    @Override
    public void close() {
        if (store == null) {
            return;
        }
        try {
            store.close();
        } catch (IOException e) {
            log.println("warning: closing the checkpoint file system of " + store.dir() + ": " + e.getMessage());
        }
    }
}
