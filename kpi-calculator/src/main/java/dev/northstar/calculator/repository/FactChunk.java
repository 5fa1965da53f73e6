package dev.northstar.calculator.repository;

import dev.northstar.calculator.kpi.Fact;
import dev.northstar.events.EventType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The facts one batch adds to one account, as one {@code account_history} row: a compact binary form instead of
 * one indexed row per event, because storing the facts was the largest part of a batch's time in PostgreSQL.
 *
 * <p>Layout (big-endian): version byte 1; tenant; account id; fact count; then per fact: key, type (wire name),
 * epoch second (long), nanosecond (int), team id, ref, kind, flag (byte), amount, mrr, score (int). Strings are a
 * length (int, -1 for null) and UTF-8 bytes; decimals are their {@link BigDecimal#toString()} (scale kept).
 */
final class FactChunk {

    private static final int VERSION = 1;

    private FactChunk() {
    }

    /** Encodes facts of one account (all with the same tenant and account id). */
    static byte[] encode(List<Fact> facts) {
        if (facts.isEmpty()) {
            throw new IllegalArgumentException("a chunk holds at least one fact");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + facts.size() * 120);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Fact first = facts.get(0);
            out.writeByte(VERSION);
            writeString(out, first.tenant());
            writeString(out, first.accountId());
            out.writeInt(facts.size());
            for (Fact f : facts) {
                if (!f.tenant().equals(first.tenant()) || !f.accountId().equals(first.accountId())) {
                    throw new IllegalArgumentException("a chunk holds the facts of one account");
                }
                writeString(out, f.key());
                writeString(out, f.type().wireName());
                out.writeLong(f.time().getEpochSecond());
                out.writeInt(f.time().getNano());
                writeString(out, f.teamId());
                writeString(out, f.ref());
                writeString(out, f.kind());
                out.writeBoolean(f.flag());
                writeString(out, f.amount() == null ? null : f.amount().toString());
                writeString(out, f.mrr() == null ? null : f.mrr().toString());
                out.writeInt(f.score());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The facts of a chunk. */
    static List<Fact> decode(byte[] chunk) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(chunk))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalStateException("account_history chunk of unknown version " + version);
            }
            String tenant = readString(in);
            String accountId = readString(in);
            int count = in.readInt();
            List<Fact> facts = new ArrayList<>();
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
                facts.add(new Fact(tenant, accountId, key, eventType, time, teamId, ref, kind, flag,
                        amount == null ? null : new BigDecimal(amount), mrr == null ? null : new BigDecimal(mrr), score));
            }
            return facts;
        } catch (IOException e) {
            throw new UncheckedIOException("truncated account_history chunk", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
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
