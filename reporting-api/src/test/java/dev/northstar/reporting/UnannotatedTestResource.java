package dev.northstar.reporting;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A resource without any role annotation, deployed only in tests: what a developer who forgets one would write. The
 * service must deny it ({@code quarkus.security.jaxrs.deny-unannotated-endpoints}), never serve it to anyone.
 */
@Path("/v1/test-unannotated")
public class UnannotatedTestResource {

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String secret() {
        return "served without a role check";
    }
}
