package dev.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.northstar.events.ValidationProblem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestSanityTest {

    private final RequestSanity sanity = new RequestSanity();

    /** A request as the filter sees it: its Content-Type header and its URI as sent. */
    private static ContainerRequestContext request(String contentType, String uri) {
        UriInfo info = (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getRequestUri")) {
                        return URI.create(uri);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (ContainerRequestContext) Proxy.newProxyInstance(ContainerRequestContext.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaderString" -> "Content-Type".equalsIgnoreCase((String) args[0]) ? contentType : null;
                    case "getUriInfo" -> info;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Problem problem(Response r, int status) {
        assertEquals(status, r.getStatus());
        assertEquals("application/problem+json", r.getMediaType().toString());
        return (Problem) r.getEntity();
    }

    @Test
    void anOrdinaryRequestPasses() {
        assertNull(sanity.check(request(null, "http://localhost/v1/teams/team-1/kpis?grain=month&limit=10")));
        assertNull(sanity.check(request("application/json", "http://localhost/v1/events")));
        assertNull(sanity.check(request("application/cloudevents-batch+json; charset=utf-8",
                "http://localhost/v1/events:batch")));
    }

    @Test
    void aContentTypeThatIsNotAMediaTypeIs415() {
        for (String contentType : List.of("", "   ", "json", "application/", "/json", "application/json,text/html")) {
            Problem p = problem(sanity.check(request(contentType, "http://localhost/v1/events")), 415);
            assertEquals(Problem.BASE + "unsupported-media-type", p.type(), "Content-Type: " + contentType);
        }
    }

    @Test
    void aNulInThePathIs400AtTheRoot() {
        Problem p = problem(sanity.check(request(null, "http://localhost/v1/teams/a%00b/kpis")), 400);
        assertEquals(Problem.BASE + "invalid-request", p.type());
        assertEquals(List.of(new ValidationProblem("", "NUL in the path")), p.errors());
    }

    @Test
    void aNulInAQueryParameterIs400NamingThatParameter() {
        Problem p = problem(sanity.check(request(null, "http://localhost/v1/insights?tag=ok&q=sales%00x&limit=5")),
                400);
        assertEquals(List.of(new ValidationProblem("/q", "must not contain NUL (%00)")), p.errors());
        Problem inName = problem(sanity.check(request(null, "http://localhost/v1/insights?a/b%00=1")), 400);
        assertEquals("/a~1b%00", inName.errors().get(0).pointer(), "a name is escaped as a JSON pointer");
    }

    @Test
    void anEncodedPercentFollowedByZerosIsNotANul() {
        // %2500 is the text "%00", which is harmless
        assertNull(sanity.check(request(null, "http://localhost/v1/insights?q=100%2500")));
        assertNull(sanity.check(request(null, "http://localhost/v1/teams/a%2500")));
    }
}
