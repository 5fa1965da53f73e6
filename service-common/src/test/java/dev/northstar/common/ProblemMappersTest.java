package dev.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.common.validation.Identifier;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.json.EventJson;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.InternalServerErrorException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private final ProblemMappers mappers = new ProblemMappers();

    record Query(@NotNull(message = "is required") @Identifier String teamId, @Identifier String accountId) {
    }

    /** The response's problem, after checking that it is one. */
    private static Problem problem(Response r, int status) {
        assertEquals(status, r.getStatus());
        assertEquals("application/problem+json", r.getMediaType().toString());
        Problem p = (Problem) r.getEntity();
        assertEquals(status, p.status(), "the body says the same status as the response");
        assertTrue(p.type().startsWith(Problem.BASE), p.type());
        return p;
    }

    @Test
    void aThrownProblemIsItsOwnResponse() {
        Problem thrown = Problem.of("conflict", "Conflict", 409, "Already there.");
        assertSame(thrown, problem(mappers.problem(new Problem.Exception(thrown)), 409));
    }

    @Test
    void malformedJsonIsA400AtTheDocumentRoot() {
        Problem p = problem(mappers.malformed(new EventJson.MalformedJsonException("Unexpected end of input")), 400);
        assertEquals(Problem.BASE + "invalid-request", p.type());
        assertEquals("The body is not valid JSON: Unexpected end of input", p.detail());
        assertEquals(List.of(new ValidationProblem("", "Unexpected end of input")), p.errors());
    }

    @Test
    void violatedConstraintsAreA400NamingEachFieldByPointer() {
        ConstraintViolationException e = new ConstraintViolationException(VALIDATOR.validate(
                new Query(null, "../etc")));
        Problem p = problem(mappers.violations(e), 400);
        assertEquals(Problem.BASE + "invalid-request", p.type());
        assertEquals("The request is not valid: 2 problem(s).", p.detail());
        assertEquals(List.of(new ValidationProblem("/accountId", "must be an identifier: a letter or digit, then up to"
                + " 127 letters, digits and . _ : @ -"), new ValidationProblem("/teamId", "is required")), p.errors());
    }

    @Test
    void noValidTokenIsA401ThatAsksForABearerToken() {
        for (RuntimeException e : List.of(new UnauthorizedException(), new AuthenticationFailedException("expired"))) {
            Response r = mappers.unauthorized(e);
            Problem p = problem(r, 401);
            assertEquals(Problem.BASE + "unauthorized", p.type());
            assertEquals("Bearer", r.getHeaderString("WWW-Authenticate"));
            assertFalse(p.detail().contains("expired"), "why a token failed is not told to the caller");
        }
    }

    @Test
    void aMissingRoleIsA403() {
        assertEquals(Problem.BASE + "forbidden", problem(mappers.forbidden(new ForbiddenException()), 403).type());
    }

    @Test
    void contentNegotiationFailuresAre415And406() {
        assertEquals(Problem.BASE + "unsupported-media-type",
                problem(mappers.unsupported(new NotSupportedException()), 415).type());
        assertEquals(Problem.BASE + "not-acceptable",
                problem(mappers.notAcceptable(new NotAcceptableException()), 406).type());
    }

    @Test
    void anUnknownResourceIsA404() {
        Problem p = problem(mappers.notFound(new NotFoundException("HTTP 404 Not Found: /v1/secret/path")), 404);
        assertEquals(Problem.BASE + "not-found", p.type());
        assertEquals("No such resource.", p.detail());
    }

    @Test
    void aMethodNotAllowedIsA405ListingTheAllowedOnes() {
        Response r = mappers.notAllowed(new NotAllowedException("GET", new String[] {"HEAD"}));
        assertEquals(Problem.BASE + "method-not-allowed", problem(r, 405).type());
        String allow = r.getHeaderString("Allow");
        assertTrue(allow.contains("GET") && allow.contains("HEAD"), allow);
    }

    @Test
    void anotherClientErrorKeepsItsStatusAndReasonPhrase() {
        Problem p = problem(mappers.web(new ClientErrorException(409)), 409);
        assertEquals(Problem.BASE + "http-409", p.type());
        assertEquals("Conflict", p.title());
        assertEquals("Conflict.", p.detail());
        Problem unknown = problem(mappers.web(new WebApplicationException(499)), 499);
        assertEquals(Problem.BASE + "http-499", unknown.type());
        assertEquals("Error", unknown.title());
    }

    @Test
    void aServerErrorKeepsItsStatusButNotItsMessage() {
        Problem p = problem(mappers.web(new InternalServerErrorException("pool exhausted at db-3:5432")), 500);
        assertEquals(Problem.BASE + "internal", p.type());
        assertEquals("The request could not be completed.", p.detail());
        assertNull(p.errors());
        Problem unavailable = problem(mappers.web(new ServiceUnavailableException("db-3 down")), 503);
        assertFalse(unavailable.detail().contains("db-3"));
    }

    @Test
    void anUnexpectedFailureIsA500ThatLeaksNothing() {
        RuntimeException e = new IllegalStateException("password=hunter2 at jdbc:postgresql://db-3/northstar",
                new SQLException("relation \"kpi_values\" does not exist"));
        Response r = mappers.unexpected(e);
        Problem p = problem(r, 500);
        assertEquals(Problem.BASE + "internal", p.type());
        assertEquals("Internal error", p.title());
        assertEquals("The request could not be completed.", p.detail());
        assertNull(p.errors());
        String all = p.toString() + r.getHeaders();
        for (String secret : List.of("hunter2", "db-3", "kpi_values", "IllegalStateException", "SQLException",
                "at dev.")) {
            assertFalse(all.contains(secret), secret + " leaked: " + all);
        }
    }
}
