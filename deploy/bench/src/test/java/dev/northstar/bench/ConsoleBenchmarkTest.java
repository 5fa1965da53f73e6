package dev.northstar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The large scale of the console benchmark: 20 teams that share no id, from copies of the demo generator. */
class ConsoleBenchmarkTest {

    @Test
    void sevenCopiesMakeTwentyTeamsThatShareNoRecord() {
        Set<String> teams = new TreeSet<>();
        Set<String> eventIds = new HashSet<>();
        Map<String, Integer> copyOfRecord = new HashMap<>();
        int events = 0;
        for (int copy = 1; copy <= ConsoleBenchmark.copies(); copy++) {
            List<ObjectNode> copyEvents = ConsoleBenchmark.largeCopy(copy, LocalDate.of(2026, 1, 5), 1,
                    Instant.parse("2030-01-01T00:00:00Z"));
            for (ObjectNode event : copyEvents) {
                events++;
                assertEquals(ConsoleBenchmark.LARGE_TENANT, event.get("tenant").asText());
                assertTrue(eventIds.add(event.get("source").asText() + "#" + event.get("id").asText()), event::toString);
                JsonNode data = event.get("data");
                String team = data.get("teamId").asText();
                teams.add(team);
                assertTrue(team.endsWith("-" + copy), team);
                for (String field : List.of("accountId", "dealId", "appointmentId", "onboardingId", "contractId",
                        "articleId")) {
                    if (data.hasNonNull(field)) {
                        String id = field + ":" + data.get(field).asText();
                        assertTrue(data.get(field).asText().startsWith("c" + copy + "-"), id);
                        Integer first = copyOfRecord.putIfAbsent(id, copy);
                        assertTrue(first == null || first == copy, id + " in copies " + first + " and " + copy);
                    }
                }
                if (event.get("type").asText().equals("team.registered")) {
                    assertTrue(data.get("name").asText().endsWith(" " + copy), data::toString);
                }
            }
        }
        assertEquals(ConsoleBenchmark.LARGE_TEAMS, teams.size(), teams::toString);
        assertTrue(events > 5000, "a month of 20 teams: " + events);
    }
}
