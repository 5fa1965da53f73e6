package dev.northstar.calculator.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.northstar.calculator.kpi.Fact;
import dev.northstar.events.EventType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FactChunkTest {

    @Test
    void factsComeBackExactlyAsStored() {
        List<Fact> facts = List.of(
                new Fact("acme", "acc-1", "crm://acme/sales#w-1", EventType.DEAL_WON,
                        Instant.parse("2026-12-31T23:30:00.123456Z"), "team-a", "deal-1", "new_business", false,
                        new BigDecimal("1200000.50"), new BigDecimal("100000.000000"), 0),
                new Fact("acme", "acc-1", "crm://acme/sales#c-\u6771\u4eac", EventType.CALL_LOGGED,
                        Instant.parse("2026-01-01T00:00:00Z"), "team-a", null, "executive", true, null, null, 0),
                new Fact("acme", "acc-1", "crm://acme/sales#n-1", EventType.NPS_RESPONDED,
                        Instant.parse("1970-01-01T00:00:00Z"), "", null, null, false, new BigDecimal("-0.000001"),
                        null, 10));
        List<Fact> back = FactChunk.decode(FactChunk.encode(facts));
        assertEquals(facts, back);
        // scale survives: 1200000.50 stays two decimals, 100000.000000 six
        assertEquals(2, back.get(0).amount().scale());
        assertEquals(6, back.get(0).mrr().scale());
    }

    @Test
    void aChunkHoldsOneAccount() {
        Fact a = new Fact("acme", "acc-1", "k1", EventType.CALL_LOGGED, Instant.EPOCH, "t", null, null, false, null,
                null, 0);
        Fact b = new Fact("acme", "acc-2", "k2", EventType.CALL_LOGGED, Instant.EPOCH, "t", null, null, false, null,
                null, 0);
        assertThrows(IllegalArgumentException.class, () -> FactChunk.encode(List.of(a, b)));
        assertThrows(IllegalArgumentException.class, () -> FactChunk.encode(List.of()));
    }

    @Test
    void aTruncatedOrForeignChunkIsAnErrorNotWrongFacts() {
        byte[] chunk = FactChunk.encode(List.of(new Fact("acme", "acc-1", "k1", EventType.CALL_LOGGED, Instant.EPOCH,
                "t", null, null, false, null, null, 0)));
        byte[] truncated = java.util.Arrays.copyOf(chunk, chunk.length - 3);
        assertThrows(java.io.UncheckedIOException.class, () -> FactChunk.decode(truncated));
        chunk[0] = 9;
        assertThrows(IllegalStateException.class, () -> FactChunk.decode(chunk));
    }

    /**
     * Chunks written by a DataOutputStream (the writer before the hand writer) and by it are the same bytes; and chunks
     * of the first version (before scopes) still read, as facts in no scope.
     */
    @Test
    void theLayoutIsTheOneOfTheStreamWriterAndFirstVersionChunksStillRead() throws IOException {
        String[] texts = {"plain", "\u6771\u4eac\u30c1\u30fc\u30e0", "emoji \ud83d\ude00", "", "caf\u00e9", "lone \ud800"};
        EventType[] types = EventType.values();
        Random random = new Random(7);
        for (int n = 0; n < 2_000; n++) {
            String account = random.nextBoolean() ? "acc-" + n : texts[random.nextInt(texts.length)];
            List<Fact> facts = new ArrayList<>();
            for (int i = 1 + random.nextInt(5); i > 0; i--) {
                facts.add(new Fact("acme", account, "src#" + texts[random.nextInt(texts.length)] + i,
                        types[random.nextInt(types.length)], Instant.ofEpochSecond(random.nextInt(2_000_000_000),
                                random.nextInt(1_000_000) * 1000), texts[random.nextInt(texts.length)],
                        random.nextBoolean() ? null : texts[random.nextInt(texts.length)],
                        random.nextBoolean() ? null : "kind", random.nextBoolean(),
                        random.nextBoolean() ? null : BigDecimal.valueOf(random.nextLong(), random.nextInt(8)),
                        random.nextBoolean() ? null : new BigDecimal("1E+3"), random.nextInt(11) - 1,
                        random.nextBoolean() ? null : texts[random.nextInt(texts.length)],
                        random.nextBoolean() ? null : "smb"));
            }
            assertArrayEquals(layout(facts, 2), FactChunk.encode(facts));
            List<Fact> read = FactChunk.decode(FactChunk.encode(facts));
            for (int i = 0; i < facts.size(); i++) {
                if (facts.get(i).product() == null || !facts.get(i).product().startsWith("lone")) {
                    assertEquals(facts.get(i).product(), read.get(i).product());
                }
                assertEquals(facts.get(i).segment(), read.get(i).segment());
            }
            // (as read back: a lone surrogate does not survive UTF-8 in either version)
            List<Fact> unscoped = FactChunk.decode(FactChunk.encode(facts)).stream().map(f -> new Fact(f.tenant(),
                    f.accountId(), f.key(), f.type(), f.time(), f.teamId(), f.ref(), f.kind(), f.flag(), f.amount(),
                    f.mrr(), f.score())).toList();
            assertEquals(unscoped, FactChunk.decode(layout(facts, 1)));
        }
    }

    private static byte[] layout(List<Fact> facts, int version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version);
            writeString(out, facts.get(0).tenant());
            writeString(out, facts.get(0).accountId());
            out.writeInt(facts.size());
            for (Fact f : facts) {
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
                if (version >= 2) {
                    // -2: the previous fact's
                    int at = facts.indexOf(f);
                    Fact previous = at == 0 ? null : facts.get(at - 1);
                    if (previous != null && f.product() != null && f.product().equals(previous.product())) {
                        out.writeInt(-2);
                    } else {
                        writeString(out, f.product());
                    }
                    if (previous != null && f.segment() != null && f.segment().equals(previous.segment())) {
                        out.writeInt(-2);
                    } else {
                        writeString(out, f.segment());
                    }
                }
            }
        }
        return bytes.toByteArray();
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
}
