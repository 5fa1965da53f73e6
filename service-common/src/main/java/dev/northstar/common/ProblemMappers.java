package dev.northstar.common;

import dev.northstar.common.validation.Violations;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.json.EventJson;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a request into {@code application/problem+json}: never a stack trace or an exception
 * class name, and never a 500 for something the caller sent.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(Problem.Exception e) {
        return e.toResponse();
    }

    @ServerExceptionMapper
    public Response malformed(EventJson.MalformedJsonException e) {
        return Problem.invalid("The body is not valid JSON: " + e.getMessage(),
                List.of(new ValidationProblem("", e.getMessage()))).toResponse();
    }

    /** Constraints on a resource's parameters or parameter beans: a 400 naming each parameter by pointer. */
    @ServerExceptionMapper({ConstraintViolationException.class, ResteasyReactiveViolationException.class})
    public Response violations(ConstraintViolationException e) {
        List<ValidationProblem> problems = Violations.problems(e.getConstraintViolations());
        return Problem.invalid("The request is not valid: " + problems.size() + " problem(s).", problems)
                .toResponse();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.fromResponse(Problem.of("unauthorized", "Unauthorized", 401,
                "A valid bearer token is required (Authorization: Bearer <JWT>).").toResponse())
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of("forbidden", "Forbidden", 403, "The token does not carry the role this operation needs.")
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return Problem.of("unsupported-media-type", "Unsupported media type", 415,
                "This endpoint does not accept that Content-Type; see /q/openapi.").toResponse();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return Problem.of("not-acceptable", "Not acceptable", 406,
                "This endpoint cannot produce the media type the Accept header asks for.").toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of("not-found", "Not found", 404, "No such resource.").toResponse();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return Response.fromResponse(Problem.of("method-not-allowed", "Method not allowed", 405,
                "This resource does not support that method.").toResponse())
                .header("Allow", String.join(", ", e.getResponse().getAllowedMethods())).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
            return Problem.of("internal", "Internal error", status, "The request could not be completed.")
                    .toResponse();
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        return Problem.of("http-" + status, title, status, title + ".").toResponse();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure of a request", e);
        return Problem.of("internal", "Internal error", 500, "The request could not be completed.").toResponse();
    }
}
