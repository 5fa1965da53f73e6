package dev.northstar.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

/**
 * A request whose {@code Content-Length} is over {@code quarkus.http.limits.max-body-size} is refused with a 413 as
 * {@code application/problem+json}, like every other error — ahead of Quarkus's own check (route order -2), which
 * answers the same status with an empty body. A body sent in chunks without a length that grows over the limit is
 * still cut off by Quarkus itself.
 */
@ApplicationScoped
public class BodyLimitProblem {

    static final String BODY = """
            {"type":"https://northstar.dev/problems/too-large","title":"Payload too large","status":413,\
            "detail":"The request body is larger than this service accepts (%d bytes; docs/security.md)."}""";
    /** Before Quarkus's upload limit ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}, -2). */
    static final int ORDER = -3;

    private final long limit;

    public BodyLimitProblem(Config config) {
        this.limit = config.getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(10_240L * 1024);
    }

    void install(@Observes Router router) {
        String body = BODY.formatted(limit);
        router.route().order(ORDER).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && tooLong(length)) {
                // the body is never read: answer, then close the connection (as Quarkus's own check does), so that
                // a client waiting for 100-continue, or still sending, is not left waiting
                ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .endHandler(v -> ctx.request().connection().close());
                ctx.response().end(body);
            } else {
                ctx.next();
            }
        });
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Quarkus's own handling of a malformed length applies
        }
    }
}
