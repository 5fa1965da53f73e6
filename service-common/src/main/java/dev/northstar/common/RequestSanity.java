package dev.northstar.common;

import dev.northstar.events.ValidationProblem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, before any endpoint sees them, requests no endpoint can serve: a {@code Content-Type} that is not a
 * media type (415 rather than a parser's exception), and a NUL character ({@code %00}) in the path or a query
 * parameter (400 naming the parameter; PostgreSQL cannot store U+0000 and no identifier or search needs it).
 */
public class RequestSanity {

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        String contentType = request.getHeaderString("Content-Type");
        if (contentType != null) {
            try {
                if (contentType.isBlank()) {
                    throw new IllegalArgumentException("blank");
                }
                MediaType.valueOf(contentType);
            } catch (IllegalArgumentException e) {
                return Problem.of("unsupported-media-type", "Unsupported media type", 415,
                        "The Content-Type header is not a media type; see /q/openapi.").toResponse();
            }
        }
        String uri = request.getUriInfo().getRequestUri().getRawPath();
        if (uri.toLowerCase(Locale.ROOT).contains("%00")) {
            return Problem.invalid("The path must not contain the NUL character (%00).",
                    List.of(new ValidationProblem("", "NUL in the path"))).toResponse();
        }
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        if (query != null && query.toLowerCase(Locale.ROOT).contains("%00")) {
            for (String pair : query.split("&")) {
                if (pair.toLowerCase(Locale.ROOT).contains("%00")) {
                    String name = pair.split("=", 2)[0];
                    return Problem.invalid("Query parameters must not contain the NUL character (%00).",
                            List.of(new ValidationProblem("/" + name.replace("~", "~0").replace("/", "~1"),
                                    "must not contain NUL (%00)"))).toResponse();
                }
            }
        }
        return null;
    }
}
