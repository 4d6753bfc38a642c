package io.llmrouter.service.config;

import io.llmrouter.core.routing.CallPolicy;
import io.llmrouter.core.selection.EndpointPool;
import java.util.List;

/**
 * A configured tenant, ready to route.
 *
 * @param name          tenant name (metrics tag)
 * @param pool          the tenant's endpoints
 * @param publicModels  model names listed by {@code GET /v1/models}
 * @param policy        how its calls are treated beyond routing (strict conversion)
 * @param traceContent  whether the tenant's traces carry prompts and answers
 * @param keys          its inbound keys: those of {@code api-keys} (named {@code api-keys[i]}), then the named ones
 */
public record Tenant(String name, EndpointPool pool, List<String> publicModels, CallPolicy policy,
                     boolean traceContent, List<InboundKey> keys) {
}
