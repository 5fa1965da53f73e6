package dev.northstar.common;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;

/** Documents {@link RateLimit} in every service's OpenAPI: any operation may answer 429 with {@code Retry-After}. */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class RateLimitOpenApi implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values()
                .forEach(RateLimitOpenApi::document));
    }

    private static void document(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        operation.getResponses().addAPIResponse("429", OASFactory.createAPIResponse()
                .description("The tenant sent more requests than this instance takes from one tenant "
                        + "(northstar.rate-limit: 2,000 a second, bursts of 4,000, by default); a rate-limited "
                        + "problem (application/problem+json). Retry after the Retry-After header's seconds.")
                .addHeader("Retry-After", OASFactory.createHeader()
                        .description("whole seconds until the tenant's next request is taken")));
    }
}
