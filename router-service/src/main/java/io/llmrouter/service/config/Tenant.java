package io.llmrouter.service.config;

import io.llmrouter.core.routing.CallPolicy;
import io.llmrouter.core.selection.EndpointPool;
import io.smallrye.faulttolerance.api.Guard;
import java.util.List;

/**
 * A configured tenant, ready to route.
 *
 * @param name          tenant name (metrics tag)
 * @param keyDigests    SHA-256 digests of the inbound keys (the keys themselves are not kept)
 * @param pool          the tenant's endpoints
 * @param publicModels  model names listed by {@code GET /v1/models}
 * @param rateLimit     requests-per-minute guard, or null
 * @param concurrency   max-concurrent limit, or null
 * @param policy        how its calls are treated beyond routing (strict conversion)
 * @param keyNames      a stable, non-secret name per inbound key, in the order of {@code keyDigests}
 *                      ({@code api-keys[0]}, ...), for metrics, traces and usage records
 * @param traceContent  whether the tenant's traces carry prompts and answers
 */
public record Tenant(String name, List<byte[]> keyDigests, EndpointPool pool, List<String> publicModels,
                     Guard rateLimit, ConcurrencyLimit concurrency, CallPolicy policy, List<String> keyNames,
                     boolean traceContent) {
}
