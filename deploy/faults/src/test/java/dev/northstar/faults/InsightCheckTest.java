package dev.northstar.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The fault run's insight check: which events carry an insight, under which id, and what counts as a difference. */
class InsightCheckTest {

    private static ObjectNode event(String id, String type, String data) throws Exception {
        return (ObjectNode) EventJson.MAPPER.readTree("{\"id\":\"" + id + "\",\"source\":\"crm://x\",\"type\":\""
                + type + "\",\"data\":" + data + "}");
    }

    private static List<ObjectNode> events() throws Exception {
        return List.of(
                event("e1", "deal.lost", "{\"reason\":\"price\",\"competitor\":\"Rival\"}"),
                event("e2", "nps.responded", "{\"score\":9,\"comment\":\"great\"}"),
                event("e3", "nps.responded", "{\"score\":3,\"comment\":\"  \"}"),
                event("e4", "nps.responded", "{\"score\":3}"),
                event("e5", "feedback.submitted", "{\"text\":\"export\"}"),
                event("e6", "knowledge.shared", "{\"kind\":\"failure\",\"title\":\"t\"}"),
                event("e7", "insight.captured", "{\"text\":\"x\"}"),
                event("e8", "call.logged", "{\"outcome\":\"connected\"}"));
    }

    @Test
    void theEventsThatCarryAnInsightAndTheirIds() throws Exception {
        Map<String, FaultRun.ExpectedInsight> expected = FaultRun.expectedInsights("acme", events());
        assertEquals(5, expected.size(), "lost deal, NPS with a comment, feedback, article, captured: " + expected);
        String id = UUID.nameUUIDFromBytes("acme\u0000crm://x\u0000e1".getBytes(StandardCharsets.UTF_8)).toString();
        assertEquals(new FaultRun.ExpectedInsight("deal.lost", "loss_reason", "e1"), expected.get(id));
        assertTrue(expected.values().contains(new FaultRun.ExpectedInsight("knowledge.shared", "failure_story", "e6")));
        assertTrue(expected.values().stream().noneMatch(e -> e.eventId().equals("e3") || e.eventId().equals("e4")));
    }

    @Test
    void lostTwiceWronglyTaggedAndUnexplainedInsightsAreDifferences() throws Exception {
        Map<String, FaultRun.ExpectedInsight> expected = FaultRun.expectedInsights("acme", events());
        Map<String, List<JsonNode>> served = new HashMap<>();
        for (Map.Entry<String, FaultRun.ExpectedInsight> e : expected.entrySet()) {
            String tags = e.getValue().tag().isEmpty() ? "[]" : "[\"" + e.getValue().tag() + "\",\"other\"]";
            served.put(e.getKey(), new ArrayList<>(List.of(EventJson.MAPPER.readTree("{\"id\":\"" + e.getKey()
                    + "\",\"origin\":\"" + e.getValue().origin() + "\",\"tags\":" + tags + "}"))));
        }
        assertEquals(List.of(), FaultRun.compareInsights("acme", expected, served));

        List<String> ids = new ArrayList<>(expected.keySet());
        String lost = ids.get(0);
        String twice = ids.get(1);
        String retagged = ids.stream().filter(i -> !expected.get(i).tag().isEmpty()).filter(i -> !i.equals(lost)
                && !i.equals(twice)).findFirst().orElseThrow();
        served.remove(lost);
        served.get(twice).add(served.get(twice).get(0));
        served.put(retagged, List.of(EventJson.MAPPER.readTree("{\"origin\":\"" + expected.get(retagged).origin()
                + "\",\"tags\":[\"other\"]}")));
        served.put("not-from-an-event", List.of(EventJson.MAPPER.readTree("{\"origin\":\"api\",\"tags\":[]}")));
        List<String> differences = FaultRun.compareInsights("acme", expected, served);
        assertEquals(4, differences.size(), differences.toString());
        assertTrue(differences.stream().anyMatch(d -> d.endsWith(": lost")));
        assertTrue(differences.stream().anyMatch(d -> d.endsWith("listed 2 times")));
        assertTrue(differences.stream().anyMatch(d -> d.contains("tags [\"other\"]")));
        assertTrue(differences.stream().anyMatch(d -> d.contains("not-from-an-event")));
    }
}
