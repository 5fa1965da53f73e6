package dev.northstar.reporting.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A console error as a page (404, 403, 400) in the reader's language; no session as a redirect to sign in. */
@Provider
public class ConsoleExceptionMapper implements ExceptionMapper<ConsoleException> {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance error(Chrome chrome, int status, String key, String detail);
    }

    @Context
    HttpServerRequest request;

    @Override
    public Response toResponse(ConsoleException e) {
        String lang = ConsoleAccess.lang(request);
        if (e.status() == 303) {
            String here = request.uri();
            boolean page = "GET".equals(request.method().name());
            return Response.seeOther(URI.create("/console/sign-in" + (page ? "?next="
                    + URLEncoder.encode(here, StandardCharsets.UTF_8) : ""))).header("Cache-Control", "no-store").build();
        }
        if (e.status() == 429) {
            return Response.status(429).header("Retry-After", e.detail().replaceAll("\\D", ""))
                    .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(Templates.error(Chrome.anonymous(lang,
                            "/console/"), 429, e.key(), null).setLocale(lang).render()).build();
        }
        String accept = request.getHeader("Accept");
        if (accept != null && accept.contains("application/json") && !accept.contains("text/html")) {
            return Response.status(e.status()).type("application/problem+json").entity("{\"status\":" + e.status()
                    + ",\"title\":\"" + e.key() + "\"}").build();
        }
        return Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(Chrome.anonymous(lang, "/console/"), e.status(), e.key(), e.detail())
                        .setLocale(lang).render()).build();
    }
}
