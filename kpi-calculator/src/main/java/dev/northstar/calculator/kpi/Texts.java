package dev.northstar.calculator.kpi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance of each text that many facts repeat (tenants, accounts, teams, kinds, products, segments), so that the
 * account cache holds each once. Bounded: beyond {@value #MAX} texts the table starts again (the texts held by facts
 * stay valid; only their sharing with later facts is lost).
 */
final class Texts {

    static final int MAX = 200_000;
    private static final Map<String, String> SHARED = new ConcurrentHashMap<>();

    private Texts() {
    }

    /** The shared instance of {@code text}, or null for null. */
    static String shared(String text) {
        if (text == null) {
            return null;
        }
        String held = SHARED.get(text);
        if (held != null) {
            return held;
        }
        if (SHARED.size() >= MAX) {
            SHARED.clear();
        }
        held = SHARED.putIfAbsent(text, text);
        return held == null ? text : held;
    }
}
