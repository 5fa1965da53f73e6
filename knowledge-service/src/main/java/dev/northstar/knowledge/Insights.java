package dev.northstar.knowledge;

import dev.northstar.events.EventData;
import dev.northstar.events.NorthstarEvent;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What an insight is, which events carry one, how tags are normalised, and which KPIs each tag explains. */
public final class Insights {

    /** The canonical tags of the domain; free tags are allowed beside them. */
    public static final List<String> CANONICAL_TAGS = List.of("competitor", "loss_reason", "customer_voice",
            "feature_request", "market_trend", "success_story", "failure_story", "pricing", "objection",
            "promoter", "passive", "detractor");

    /** The KPIs a tag explains by default. */
    public static final Map<String, List<String>> KPIS_BY_TAG = Map.of(
            "loss_reason", List.of("win_rate"),
            "competitor", List.of("win_rate"),
            "customer_voice", List.of("nps"),
            "success_story", List.of("expansion_rate", "knowledge_shared"),
            "failure_story", List.of("knowledge_shared"),
            "feature_request", List.of("product_feedback"),
            "pricing", List.of("win_rate", "renewal_rate"),
            "objection", List.of("appointment_quality", "win_rate"),
            "market_trend", List.of("win_rate"));

    private Insights() {
    }

    /** An insight about to be stored. */
    public record Draft(String tenant, String teamId, String accountId, String dealId, String text, List<String> tags,
            List<String> kpis, boolean kpisExplicit, String originType, String eventSource, String eventId,
            Instant occurredAt) {
    }

    /** The insight an event carries, if it carries one. */
    public static Optional<Draft> fromEvent(NorthstarEvent event) {
        List<String> tags = new ArrayList<>();
        String text;
        String accountId = event.data().accountId();
        String dealId = null;
        EventData data = event.data();
        if (data instanceof EventData.DealLost lost) {
            tags.add("loss_reason");
            text = lost.reason();
            dealId = lost.dealId();
            if (lost.competitor() != null) {
                tags.add("competitor");
                text = text + "（競合: " + lost.competitor() + "）";
            }
        } else if (data instanceof EventData.NpsResponded nps) {
            if (nps.comment() == null || nps.comment().isBlank()) {
                return Optional.empty();
            }
            tags.add("customer_voice");
            tags.add(nps.score() >= 9 ? "promoter" : nps.score() >= 7 ? "passive" : "detractor");
            text = nps.comment();
        } else if (data instanceof EventData.FeedbackSubmitted feedback) {
            tags.add("feature_request");
            tags.addAll(feedback.tags() == null ? List.of() : feedback.tags());
            text = feedback.text();
        } else if (data instanceof EventData.KnowledgeShared article) {
            tags.add("success".equals(article.kind()) ? "success_story" : "failure_story");
            tags.addAll(article.tags() == null ? List.of() : article.tags());
            text = article.title() + (article.body() == null ? "" : "\n" + article.body());
        } else if (data instanceof EventData.InsightCaptured captured) {
            tags.addAll(captured.tags() == null ? List.of() : captured.tags());
            text = captured.text();
            dealId = captured.dealId();
        } else {
            return Optional.empty();
        }
        List<String> normalised = normaliseTags(tags);
        boolean explicit = event.data() instanceof EventData.InsightCaptured c && c.kpis() != null
                && !c.kpis().isEmpty();
        List<String> kpis = explicit ? ((EventData.InsightCaptured) event.data()).kpis() : kpisOf(normalised);
        return Optional.of(new Draft(event.tenant(), event.data().teamId(), accountId, dealId, text, normalised, kpis,
                explicit, event.type().wireName(), event.source(), event.id(), event.time()));
    }

    /** NFKC, trimmed, lower case, without duplicates: ｃｏｍｐｅｔｉｔｏｒ and competitor are one tag. */
    public static List<String> normaliseTags(List<String> tags) {
        Set<String> out = new LinkedHashSet<>();
        for (String tag : tags) {
            String t = Normalizer.normalize(tag, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    /**
     * What {@code q} and texts are compared in: NFKC (full-width letters and digits become ASCII) and lower case,
     * so that 「ＳＳＯ」 finds "sso" and "Price" finds "price".
     */
    public static String searchable(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** A LIKE pattern that finds {@code q} as a literal substring: {@code %}, {@code _} and {@code \} escaped. */
    public static String containsPattern(String q) {
        StringBuilder out = new StringBuilder("%");
        for (char c : searchable(q).toCharArray()) {
            if (c == '%' || c == '_' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('%').toString();
    }

    /** The KPIs that insights with these tags explain. */
    public static List<String> kpisOf(List<String> tags) {
        Set<String> out = new LinkedHashSet<>();
        tags.forEach(t -> out.addAll(KPIS_BY_TAG.getOrDefault(t, List.of())));
        return List.copyOf(out);
    }
}
