// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS (one NameNode, one DataNode) inside the test JVM, at {@code hdfs://127.0.0.1:<port>}, with its
 * storage under {@code target/}. Spark executors in other JVMs reach it like any HDFS.
 *
 * <p>Needs {@code hadoop-client-minicluster} at exactly Spark's Hadoop version: it sits on top of the
 * shaded client jars Spark already brings, and a different version fails at NameNode start.
 */
public final class MiniHdfs implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofSeconds(120);

    private final MiniDFSCluster cluster;
    private final String uri;

    private MiniHdfs(MiniDFSCluster cluster) {
        this.cluster = cluster;
        this.uri = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
    }

    /** Starts HDFS with its data under a fresh {@code target/hdfs-<time>} and waits until it serves. */
    public static MiniHdfs start() {
        Path base = Jvm.freshTargetDir("hdfs");
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        conf.setInt("dfs.replication", 1);
        CompletableFuture<MiniDFSCluster> starting = CompletableFuture.supplyAsync(() -> build(conf));
        try {
            return new MiniHdfs(starting.get(START_DEADLINE.toSeconds(), TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            starting.thenAccept(MiniDFSCluster::shutdown);
            throw new IllegalStateException("MiniDFSCluster did not start within " + START_DEADLINE.toSeconds()
                    + " s (base dir " + base + ")", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("MiniDFSCluster failed to start (base dir " + base + ")", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting MiniDFSCluster", e);
        }
    }

    private static MiniDFSCluster build(Configuration conf) {
        try {
            MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
            cluster.waitActive();
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code hdfs://127.0.0.1:<port>}; {@code fs.getUri()} would say localhost. */
    public String uri() {
        return uri;
    }

    /** An absolute hdfs:// URI for {@code path} (which starts with '/'). */
    public String path(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("HDFS path must be absolute, got '" + path + "'");
        }
        return uri + path;
    }

    /** A client FileSystem of this HDFS, with replication 1. */
    public FileSystem fileSystem() {
        try {
            return FileSystem.get(URI.create(uri), clientConf());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a client of " + uri, e);
        }
    }

    public Configuration clientConf() {
        Configuration conf = new Configuration();
        conf.setInt("dfs.replication", 1);
        return conf;
    }

    /** Spark settings for a driver that writes here: replication is a client-side setting (default 3). */
    public Map<String, String> sparkSettings() {
        return Map.of("spark.hadoop.dfs.replication", "1");
    }

    @Override
    public void close() {
        cluster.shutdown(true);
    }
}
