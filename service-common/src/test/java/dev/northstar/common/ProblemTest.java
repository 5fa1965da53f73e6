package dev.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.northstar.events.ValidationProblem;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aProblemTypeIsTheBaseAndItsSlug() {
        Problem p = Problem.of("not-found", "Not found", 404, "No such team.");
        assertEquals("https://northstar.dev/problems/not-found", p.type());
        assertEquals("Not found", p.title());
        assertEquals(404, p.status());
        assertEquals("No such team.", p.detail());
        assertNull(p.errors());
    }

    @Test
    void anInvalidRequestIsA400ListingItsErrors() {
        List<ValidationProblem> errors = List.of(new ValidationProblem("/teamId", "is required"));
        Problem p = Problem.invalid("The query is not valid.", errors);
        assertEquals("https://northstar.dev/problems/invalid-request", p.type());
        assertEquals("Invalid request", p.title());
        assertEquals(400, p.status());
        assertEquals(errors, p.errors());
    }

    @Test
    void itIsWrittenAsRfc9457WithErrorsByPointerAndNoNullFields() {
        JsonNode json = JSON.valueToTree(Problem.invalid("Bad.", List.of(new ValidationProblem("/tags/2",
                "must be text"))));
        assertEquals(JSON.createObjectNode().put("type", "https://northstar.dev/problems/invalid-request")
                .put("title", "Invalid request").put("status", 400).put("detail", "Bad.")
                .set("errors", JSON.createArrayNode().add(JSON.createObjectNode().put("pointer", "/tags/2")
                        .put("message", "must be text"))), json);
        JsonNode plain = JSON.valueToTree(Problem.of("forbidden", "Forbidden", 403, null));
        assertFalse(plain.has("errors"));
        assertFalse(plain.has("detail"));
    }

    @Test
    void itsResponseIsProblemJsonWithItsStatus() {
        Problem p = Problem.of("conflict", "Conflict", 409, "Already there.");
        Response r = p.toResponse();
        assertEquals(409, r.getStatus());
        assertEquals("application/problem+json", r.getMediaType().toString());
        assertSame(p, r.getEntity());
    }

    @Test
    void aThrownProblemAnswersWithItsStatusAndKeepsExtraHeaders() {
        Problem p = Problem.of("unavailable", "Service unavailable", 503, "Try again.");
        Problem.Exception e = new Problem.Exception(p, Response.status(200).header("Retry-After", "5"));
        assertEquals("Try again.", e.getMessage());
        assertEquals(0, e.getStackTrace().length, "a problem is an answer, not a bug: no stack trace");
        Response r = e.toResponse();
        assertEquals(503, r.getStatus(), "the problem's status wins over the builder's");
        assertEquals("application/problem+json", r.getMediaType().toString());
        assertEquals("5", r.getHeaderString("Retry-After"));
        assertSame(p, r.getEntity());
        Response plain = new Problem.Exception(p).toResponse();
        assertEquals(503, plain.getStatus());
        assertEquals("application/problem+json", plain.getMediaType().toString());
    }
}
