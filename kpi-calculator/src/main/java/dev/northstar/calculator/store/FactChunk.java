package dev.northstar.calculator.store;

import dev.northstar.calculator.kpi.Fact;
import dev.northstar.events.EventType;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The facts one batch adds to one account, as one {@code account_history} row: a compact binary form instead of
 * one indexed row per event, because storing the facts was the largest part of a batch's time in PostgreSQL.
 *
 * <p>Layout (big-endian): version byte 1; tenant; account id; fact count; then per fact: key, type (wire name),
 * epoch second (long), nanosecond (int), team id, ref, kind, flag (byte), amount, mrr, score (int); from version 2
 * on also product and segment, each written as length -2 when it is the previous fact's (an account's events mostly
 * carry the same ones). Strings are a length (int, -1 for null) and UTF-8 bytes; decimals are their
 * {@link BigDecimal#toString()} (scale kept). Chunks of version 1 (stored before scopes) read as facts in no scope.
 */
final class FactChunk {

    private static final int VERSION = 2;
    /** The length that stands for the previous fact's value (version 2: product and segment). */
    private static final int REPEATED = -2;

    private FactChunk() {
    }

    /** Encodes facts of one account (all with the same tenant and account id). */
    static byte[] encode(List<Fact> facts) {
        if (facts.isEmpty()) {
            throw new IllegalArgumentException("a chunk holds at least one fact");
        }
        Fact first = facts.get(0);
        Out out = new Out(32 + facts.size() * 96);
        out.writeByte(VERSION);
        out.writeString(first.tenant());
        out.writeString(first.accountId());
        out.writeInt(facts.size());
        String product = null;
        String segment = null;
        for (Fact f : facts) {
            if (!f.tenant().equals(first.tenant()) || !f.accountId().equals(first.accountId())) {
                throw new IllegalArgumentException("a chunk holds the facts of one account");
            }
            out.writeString(f.key());
            out.writeString(f.type().wireName());
            out.writeLong(f.time().getEpochSecond());
            out.writeInt(f.time().getNano());
            out.writeString(f.teamId());
            out.writeString(f.ref());
            out.writeString(f.kind());
            out.writeByte(f.flag() ? 1 : 0);
            out.writeString(f.amount() == null ? null : f.amount().toString());
            out.writeString(f.mrr() == null ? null : f.mrr().toString());
            out.writeInt(f.score());
            out.writeRepeated(f.product(), product);
            out.writeRepeated(f.segment(), segment);
            product = f.product();
            segment = f.segment();
        }
        return out.toByteArray();
    }

    /**
     * The writer of the layout, straight into a growing array: the same bytes as a {@code DataOutputStream} with
     * UTF-8 strings, without its stream calls and with ASCII strings copied character by character (chunks are
     * encoded for every batch; the stream made this a tenth of a batch's time in the service).
     */
    private static final class Out {
        private byte[] bytes;
        private int size;

        Out(int capacity) {
            bytes = new byte[capacity];
        }

        private void room(int n) {
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
            }
        }

        void writeByte(int b) {
            room(1);
            bytes[size++] = (byte) b;
        }

        void writeInt(int v) {
            room(4);
            bytes[size++] = (byte) (v >>> 24);
            bytes[size++] = (byte) (v >>> 16);
            bytes[size++] = (byte) (v >>> 8);
            bytes[size++] = (byte) v;
        }

        void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        /** {@code s}, or the mark of a repeat (-2) when it equals the {@code previous} one (not null). */
        void writeRepeated(String s, String previous) {
            if (s != null && s.equals(previous)) {
                writeInt(REPEATED);
            } else {
                writeString(s);
            }
        }

        void writeString(String s) {
            if (s == null) {
                writeInt(-1);
                return;
            }
            int n = s.length();
            room(4 + n);
            int at = size + 4;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                    writeInt(utf8.length);
                    room(utf8.length);
                    System.arraycopy(utf8, 0, bytes, size, utf8.length);
                    size += utf8.length;
                    return;
                }
                bytes[at + i] = (byte) c;
            }
            writeInt(n);
            size += n;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    /** The facts of a chunk. */
    static List<Fact> decode(byte[] chunk) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(chunk))) {
            int version = in.readUnsignedByte();
            if (version != VERSION && version != 1) {
                throw new IllegalStateException("account_history chunk of unknown version " + version);
            }
            String tenant = readString(in);
            String accountId = readString(in);
            int count = in.readInt();
            List<Fact> facts = new ArrayList<>();
            String product = null;
            String segment = null;
            for (int i = 0; i < count; i++) {
                String key = readString(in);
                String type = readString(in);
                EventType eventType = EventType.fromWireName(type)
                        .orElseThrow(() -> new IllegalStateException("unknown event type in history: " + type));
                Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
                String teamId = readString(in);
                String ref = readString(in);
                String kind = readString(in);
                boolean flag = in.readBoolean();
                String amount = readString(in);
                String mrr = readString(in);
                int score = in.readInt();
                product = version >= 2 ? readRepeated(in, product) : null;
                segment = version >= 2 ? readRepeated(in, segment) : null;
                facts.add(new Fact(tenant, accountId, key, eventType, time, teamId, ref, kind, flag,
                        amount == null ? null : new BigDecimal(amount), mrr == null ? null : new BigDecimal(mrr), score,
                        product, segment));
            }
            return facts;
        } catch (IOException e) {
            throw new UncheckedIOException("truncated account_history chunk", e);
        }
    }

    private static String readRepeated(DataInputStream in, String previous) throws IOException {
        in.mark(4);
        if (in.readInt() == REPEATED) {
            return previous;
        }
        in.reset();
        return readString(in);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
