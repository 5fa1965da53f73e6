package dev.northstar.ingest.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.events.EventType;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.json.EventJson;
import dev.northstar.ingest.connect.mapping.Expr;
import dev.northstar.ingest.connect.mapping.Mapping;
import dev.northstar.ingest.connect.mapping.MappingParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A mapping is checked against the contract, and a problem is named by where it is in the document. */
class MappingParserTest {

    private static MappingParser.Result parse(String json) {
        return MappingParser.parse(EventJson.parse(json.getBytes(StandardCharsets.UTF_8)), 3);
    }

    private static List<String> pointers(MappingParser.Result r) {
        return r.problems().stream().map(ValidationProblem::pointer).toList();
    }

    @Test
    void everyPresetIsAValidMapping() throws Exception {
        for (String source : List.of("salesforce", "hubspot", "kintone")) {
            MappingParser.Result r = MappingParser.parse(EventJson.parse(
                    Fixtures.class.getClassLoader().getResourceAsStream("connectors/presets/" + source + ".json")
                            .readAllBytes()), 0);
            assertEquals(List.of(), r.problems(), source);
        }
    }

    @Test
    void aValidMappingReadsAsWritten() {
        MappingParser.Result r = parse("""
                {"teams": [{"teamId": "partner-alpha", "name": "Alpha", "kind": "partner"}],
                 "objects": {"Opportunity": {"team": {"field": "OwnerId", "map": {"005A": "partner-alpha"},
                                                      "default": "inhouse"},
                                             "account": "AccountId",
                                             "rules": [{"emit": "deal.won", "when": [{"field": "StageName",
                                                        "in": ["Closed Won"]}], "trigger": "StageName",
                                                        "data": {"dealId": {"record": "id"}, "amount": {"field":
                                                        "Amount", "type": "decimal"}, "currency": {"const": "JPY"},
                                                        "kind": {"const": "new_business"}}}]}}}""");
        assertEquals(List.of(), r.problems());
        Mapping m = r.mapping();
        assertEquals(3, m.version());
        assertEquals(List.of(new Mapping.Team("partner-alpha", "Alpha", "partner")), m.teams());
        Mapping.Rule rule = m.objects().get("Opportunity").rules().get(0);
        assertEquals(EventType.DEAL_WON, rule.emit());
        assertTrue(rule.once(), "once by default");
        assertEquals(Set.of(Change.Kind.CREATED, Change.Kind.UPDATED), rule.on());
        assertEquals("partner-alpha", m.objects().get("Opportunity").team().evaluate("x",
                Map.of("OwnerId", "005A")));
        assertEquals("inhouse", m.objects().get("Opportunity").team().evaluate("x",
                Map.of("OwnerId", "005Z")));
    }

    @Test
    void anUnknownEventTypeIsNamed() {
        MappingParser.Result r = parse("""
                {"objects": {"Task": {"team": "OwnerId", "account": "AccountId",
                                      "rules": [{"emit": "call.loged", "data": {}}]}}}""");
        assertEquals(List.of("/objects/Task/rules/0/emit"), pointers(r));
        assertTrue(r.problems().get(0).message().contains("call.loged"));
    }

    @Test
    void aFieldTheEventDoesNotHaveIsNamed() {
        MappingParser.Result r = parse("""
                {"objects": {"Task": {"team": "OwnerId", "account": "AccountId",
                                      "rules": [{"emit": "call.logged", "data": {"keyPerson": {"const": true},
                                                 "outcome": {"const": "busy"}, "duration": "CallDurationInSeconds"}}]}}}""");
        assertEquals(List.of("/objects/Task/rules/0/data/duration"), pointers(r));
        assertTrue(r.problems().get(0).message().contains("durationSeconds"), "lists the fields it has");
    }

    @Test
    void aRequiredFieldWithoutASourceIsNamed() {
        MappingParser.Result r = parse("""
                {"objects": {"Opportunity": {"account": "AccountId",
                                             "rules": [{"emit": "deal.won", "data": {"dealId": {"record": "id"},
                                                        "currency": {"const": "JPY"}, "kind": {"const": "new_business"}
                                                        }}]}}}""");
        assertEquals(List.of("/objects/Opportunity/rules/0/data", "/objects/Opportunity/rules/0/data"), pointers(r));
        assertTrue(r.problems().stream().anyMatch(p -> p.message().contains("requires teamId")));
        assertTrue(r.problems().stream().anyMatch(p -> p.message().contains("requires amount")));
    }

    @Test
    void unknownKeysBadKindsAndTeamsAreNamedWithEscapedPointers() {
        MappingParser.Result r = parse("""
                {"team": [], "teams": [{"teamId": "a b", "name": "A", "kind": "vendor"}],
                 "objects": {"a/b": {"team": "OwnerId", "account": "AccountId", "rules": [
                     {"emit": "nps.responded", "on": ["changed"], "data": {"score": {"field": "Score",
                      "type": "number"}}, "extra": 1}]}}}""");
        assertEquals(List.of("/team", "/teams/0/teamId", "/teams/0/kind", "/objects/a~1b/rules/0/extra",
                "/objects/a~1b/rules/0/on/0", "/objects/a~1b/rules/0/data/score/type"), pointers(r));
    }

    @Test
    void aDocumentWithoutObjectsIsRefused() {
        assertEquals(List.of("/objects"), pointers(parse("{\"teams\": []}")));
        assertEquals(List.of(""), pointers(parse("[]")));
    }

    @Test
    void aConstantHasItsOwnJsonTypeUnlessOneIsNamed() {
        MappingParser.Result r = parse("""
                {"objects": {"Task": {"team": "OwnerId", "account": "AccountId", "rules": [{"emit": "call.logged",
                  "data": {"keyPerson": {"const": false}, "outcome": {"const": "busy"},
                           "durationSeconds": {"const": 60}}}]}}}""");
        assertEquals(List.of(), r.problems());
        Map<String, Expr> data = r.mapping().objects().get("Task").rules().get(0)
                .data();
        assertEquals(Boolean.FALSE, data.get("keyPerson").typed(data.get("keyPerson").evaluate("r", Map.of())));
        assertEquals(60L, data.get("durationSeconds").typed(data.get("durationSeconds").evaluate("r", Map.of())));
        assertEquals("busy", data.get("outcome").typed(data.get("outcome").evaluate("r", Map.of())));
    }
}
