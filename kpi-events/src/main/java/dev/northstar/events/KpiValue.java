package dev.northstar.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.northstar.events.json.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One KPI value as published on {@code kpi.values}: a tenant × team × KPI × grain × period with its value
 * and, for ratios, numerator and denominator. {@code value} is {@code null} when the denominator is 0.
 * {@code version} only grows per key, so a reader keeps the highest it has seen. {@code acceptedAt}, when present,
 * is when kpi-ingest accepted the oldest event whose change this publication carries (for freshness metrics).
 * {@code scope} is {@code null} for the overall value, else the product line or segment the value is of
 * ({@link Scopes}).
 */
public record KpiValue(String tenant, String teamId, String kpi, String grain, String period, BigDecimal value,
        BigDecimal numerator, BigDecimal denominator, String unit, long version, Instant updatedAt,
        Instant acceptedAt, String scope) {

    /** An overall value ({@code scope} null). */
    public KpiValue(String tenant, String teamId, String kpi, String grain, String period, BigDecimal value,
            BigDecimal numerator, BigDecimal denominator, String unit, long version, Instant updatedAt,
            Instant acceptedAt) {
        this(tenant, teamId, kpi, grain, period, value, numerator, denominator, unit, version, updatedAt, acceptedAt,
                null);
    }

    /** A value without acceptance time. */
    public KpiValue(String tenant, String teamId, String kpi, String grain, String period, BigDecimal value,
            BigDecimal numerator, BigDecimal denominator, String unit, long version, Instant updatedAt) {
        this(tenant, teamId, kpi, grain, period, value, numerator, denominator, unit, version, updatedAt, null);
    }

    /**
     * The compaction key: {@code tenant/team/kpi/grain/period}, and {@code /scope} after it for a scoped value (a
     * scope starts with {@code product:} or {@code segment:}, so no overall key is ever a scoped one's).
     */
    public String key() {
        String key = key(tenant, teamId, kpi, grain, period);
        return scope == null ? key : key + "/" + scope;
    }

    public static String key(String tenant, String teamId, String kpi, String grain, String period) {
        return tenant + "/" + teamId + "/" + kpi + "/" + grain + "/" + period;
    }

    /**
     * This value as its JSON document on {@code kpi.values}: the same bytes as {@code EventJson.MAPPER} writes for
     * it (fields in declaration order, nulls written, instants in ISO-8601), written field by field — the
     * publisher sends hundreds of thousands of them, and reflective serialization was a third of its time.
     */
    public byte[] toJson() {
        ByteArrayBuilder bytes = new ByteArrayBuilder(320);
        try (JsonGenerator g = EventJson.MAPPER.getFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("tenant", tenant);
            g.writeStringField("teamId", teamId);
            g.writeStringField("kpi", kpi);
            g.writeStringField("grain", grain);
            g.writeStringField("period", period);
            writeNumber(g, "value", value);
            writeNumber(g, "numerator", numerator);
            writeNumber(g, "denominator", denominator);
            g.writeStringField("unit", unit);
            g.writeNumberField("version", version);
            writeInstant(g, "updatedAt", updatedAt);
            writeInstant(g, "acceptedAt", acceptedAt);
            g.writeStringField("scope", scope);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return bytes.toByteArray();
    }

    private static void writeNumber(JsonGenerator g, String name, BigDecimal number) throws IOException {
        g.writeFieldName(name);
        if (number == null) {
            g.writeNull();
        } else {
            g.writeNumber(number);
        }
    }

    private static void writeInstant(JsonGenerator g, String name, Instant instant) throws IOException {
        g.writeFieldName(name);
        if (instant == null) {
            g.writeNull();
        } else {
            g.writeString(instant.toString());
        }
    }
}
