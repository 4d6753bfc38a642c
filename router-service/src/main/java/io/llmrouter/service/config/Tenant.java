package io.llmrouter.service.config;

import io.llmrouter.api.EndpointKind;
import io.llmrouter.core.routing.CallPolicy;
import io.llmrouter.core.selection.EndpointPool;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A configured tenant, ready to route.
 *
 * @param name          tenant name (metrics tag)
 * @param pool          the tenant's endpoints
 * @param publicModels  model names listed by {@code GET /v1/models}, in {@link PublicModel#LISTING} order
 * @param policy        how its calls are treated beyond routing (strict conversion)
 * @param traceContent  whether the tenant's traces carry prompts and answers
 * @param keys          its inbound keys: those of {@code api-keys} (named {@code api-keys[i]}), then the named ones
 * @param catalog       what the model lists say of each of its public models, by name
 */
public record Tenant(String name, EndpointPool pool, List<String> publicModels, CallPolicy policy,
                     boolean traceContent, List<InboundKey> keys, Map<String, PublicModel> catalog) {

    /** What the model lists say of {@code model}, one of {@link #publicModels()}; null for any other name. */
    public PublicModel describe(String model) {
        return catalog.get(model);
    }

    /** What the tenant's endpoints serve {@code model} for; empty for a name that is not one of its public models. */
    public Set<EndpointKind> kinds(String model) {
        PublicModel described = catalog.get(model);
        return described == null ? Set.of() : described.kinds();
    }
}
