package dev.northstar.ingest.connect;

import java.util.Locale;
import java.util.Optional;

/** The CRMs Northstar takes payloads from as they come. */
public enum Source {
    SALESFORCE, HUBSPOT, KINTONE;

    /** The name in paths, events and mappings: {@code salesforce}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Source> of(String name) {
        for (Source s : values()) {
            if (s.wireName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
