package io.llmrouter.service.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The chat routes choose their content type per response (JSON, SSE, NDJSON) from the request body, which JAX-RS
 * negotiation cannot know before matching. SDKs send {@code Accept: application/json} or {@code text/event-stream};
 * without this filter the single declared media type of a streaming method would turn those into 406.
 */
public class AcceptAnyFilter {

    @ServerRequestFilter(preMatching = true)
    public void acceptAnything(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!path.startsWith("/q/") && !path.equals("/v1/models")) {
            ctx.getHeaders().putSingle(HttpHeaders.ACCEPT, "*/*");
        }
    }
}
