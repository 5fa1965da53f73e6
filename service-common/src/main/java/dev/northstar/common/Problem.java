package dev.northstar.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.northstar.events.ValidationProblem;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem document, the body of every error of every Northstar API. {@code type} is a stable URI
 * per kind of problem; {@code errors} names each offending field by JSON pointer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<ValidationProblem> errors) {

    /** The media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The prefix of every problem type; the rest is the reason. */
    public static final String BASE = "https://northstar.dev/problems/";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(BASE + slug, title, status, detail, null);
    }

    public static Problem invalid(String detail, List<ValidationProblem> errors) {
        return new Problem(BASE + "invalid-request", "Invalid request", 400, detail, errors);
    }

    /** The problem as a response. */
    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    /** A problem thrown from anywhere in a request; mapped to its response. */
    public static final class Exception extends RuntimeException {
        private final transient Problem problem;
        private final transient Response.ResponseBuilder extra;

        public Exception(Problem problem) {
            this(problem, null);
        }

        public Exception(Problem problem, Response.ResponseBuilder extra) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
            this.extra = extra;
        }

        public Problem problem() {
            return problem;
        }

        public Response toResponse() {
            Response.ResponseBuilder builder = extra != null ? extra : Response.status(problem.status());
            return builder.status(problem.status()).type(MEDIA_TYPE).entity(problem).build();
        }
    }
}
