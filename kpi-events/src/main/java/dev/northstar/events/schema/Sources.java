package dev.northstar.events.schema;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CloudEvents sources as URIs. A CRM integration sends every event with the same few sources, so each distinct
 * source is parsed once and remembered (at most {@value #MAX} of them; beyond that the memory starts over).
 */
public final class Sources {

    private static final int MAX = 10_000;
    private static final Map<String, URI> PARSED = new ConcurrentHashMap<>();

    private Sources() {
    }

    /** The URI reference of the text, or {@code null} when it is not one (RFC 3986). */
    public static URI parse(String text) {
        URI known = PARSED.get(text);
        if (known != null) {
            return known;
        }
        try {
            URI uri = new URI(text);
            if (PARSED.size() >= MAX) {
                PARSED.clear();
            }
            PARSED.put(text, uri);
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
