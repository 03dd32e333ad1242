// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.checkpoint;

import dev.ember.driver.state.TrainState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The checkpoint file, format v1. No Java serialisation: a reader checks every length and the
 * SHA-256 before it trusts a float.
 * <pre>
 *   8 bytes   magic "EMBERCKP"
 *   4 bytes   H, the header's length (int32, little-endian)
 *   H bytes   header: UTF-8 JSON (format_version, created, next_step, steps_per_epoch, identity,
 *             progress, early_stopping, history, payloads = [{name, floats}] in file order)
 *   payloads  float32 little-endian: params, optimizer_state, then best_params when early
 *             stopping has a best epoch
 *   32 bytes  SHA-256 of every byte before it
 * </pre>
 * Doubles in the header are written in Java's shortest round-trip form (NaN and infinities as
 * strings), so a resumed run's losses and metrics are the saved bits.
 */
public final class CheckpointFormat {
    public static final int FORMAT_VERSION = 1;
    static final byte[] MAGIC = "EMBERCKP".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER = 64 << 20;
    private static final int DIGEST_BYTES = 32;
    private static final int CHUNK_FLOATS = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointFormat() {}

    /** Writes {@code c} to {@code out} (not closed). */
    public static void write(Checkpoint c, OutputStream out) throws IOException {
        TrainState st = c.state();
        List<float[]> payloads = new ArrayList<>(List.of(st.params(), st.optimizerState()));
        if (st.best().params() != null) {
            payloads.add(st.best().params());
        }
        byte[] header = JSON.writeValueAsBytes(CheckpointHeader.toJson(c, payloadSizes(payloads)));
        DigestOutputStream digest = new DigestOutputStream(out, sha256());
        digest.write(MAGIC);
        digest.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(header.length).array());
        digest.write(header);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] p : payloads) {
            for (int from = 0; from < p.length; from += CHUNK_FLOATS) {
                int n = Math.min(CHUNK_FLOATS, p.length - from);
                buf.clear();
                buf.asFloatBuffer().put(p, from, n);
                digest.write(buf.array(), 0, n * 4);
            }
        }
        digest.on(false);
        out.write(digest.getMessageDigest().digest());
        out.flush();
    }

    private static long[] payloadSizes(List<float[]> payloads) {
        return payloads.stream().mapToLong(p -> p.length).toArray();
    }

    /**
     * Reads a checkpoint of {@code length} bytes named {@code name} (for messages); anything
     * truncated, altered or foreign is a {@link CorruptCheckpointException} saying how.
     */
    public static Checkpoint read(InputStream raw, long length, String name) throws IOException {
        DigestInputStream digest = new DigestInputStream(raw, sha256());
        DataInputStream in = new DataInputStream(digest);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new CorruptCheckpointException(name + " is not an Ember checkpoint (its first bytes are not"
                        + " EMBERCKP)");
            }
            int headerLength = Integer.reverseBytes(in.readInt());
            if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > length) {
                throw new CorruptCheckpointException(name + " announces a header of " + headerLength
                        + " bytes in a file of " + length + ": it is truncated or damaged");
            }
            byte[] headerBytes = new byte[headerLength];
            in.readFully(headerBytes);
            JsonNode header = parseHeader(headerBytes, name);
            long[] sizes = CheckpointHeader.payloadSizes(header, name);
            long expected = MAGIC.length + 4L + headerLength + 4 * Arrays.stream(sizes).sum() + DIGEST_BYTES;
            if (expected != length) {
                throw new CorruptCheckpointException(name + " holds " + length + " bytes but its header describes "
                        + expected + ": it is truncated or damaged");
            }
            List<float[]> payloads = new ArrayList<>();
            for (long size : sizes) {
                payloads.add(readFloats(in, (int) size));
            }
            digest.on(false);
            byte[] stored = new byte[DIGEST_BYTES];
            in.readFully(stored);
            byte[] actual = digest.getMessageDigest().digest();
            if (!MessageDigest.isEqual(stored, actual)) {
                throw new CorruptCheckpointException(name + " fails its SHA-256 check (stored "
                        + HexFormat.of().formatHex(stored, 0, 8) + "..., computed "
                        + HexFormat.of().formatHex(actual, 0, 8) + "...): it was altered or damaged");
            }
            return CheckpointHeader.fromJson(header, payloads, name);
        } catch (EOFException e) {
            throw new CorruptCheckpointException(name + " ends early: it is truncated", e);
        }
    }

    private static JsonNode parseHeader(byte[] bytes, String name) throws CorruptCheckpointException {
        try {
            JsonNode header = JSON.readTree(bytes);
            int version = header.path("format_version").asInt(-1);
            if (version != FORMAT_VERSION) {
                throw new CorruptCheckpointException(name + " has format_version " + header.path("format_version")
                        + "; this Ember reads version " + FORMAT_VERSION);
            }
            return header;
        } catch (IOException e) {
            if (e instanceof CorruptCheckpointException c) {
                throw c;
            }
            throw new CorruptCheckpointException(name + " has a header that is not valid JSON: it is damaged", e);
        }
    }

    private static float[] readFloats(DataInputStream in, int n) throws IOException {
        float[] out = new float[n];
        byte[] bytes = new byte[CHUNK_FLOATS * 4];
        for (int from = 0; from < n; from += CHUNK_FLOATS) {
            int count = Math.min(CHUNK_FLOATS, n - from);
            in.readFully(bytes, 0, count * 4);
            ByteBuffer.wrap(bytes, 0, count * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out, from, count);
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
