package io.llmrouter.service.resource;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.core.convert.InboundContext;
import io.llmrouter.core.routing.LlmRouter;
import io.llmrouter.core.routing.RoutedResponse;
import io.llmrouter.service.auth.InboundKeys;
import io.llmrouter.service.config.ConcurrencyLimit;
import io.llmrouter.service.config.RouterConfig;
import io.llmrouter.service.config.Tenant;
import io.llmrouter.service.config.TenantRegistry;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * Everything a chat route does before and after routing: authenticate the caller to a tenant, enforce body size and
 * tenant limits, route, and turn the result (body or stream, with headers) into a {@link RestMulti}. Runs on the
 * event loop; nothing here blocks.
 */
@ApplicationScoped
public class ChatGateway {

    private static final TypeLiteral<Uni<RoutedResponse>> ROUTED = new TypeLiteral<>() {
    };

    private final TenantRegistry tenants;
    private final LlmRouter router;
    private final Codecs codecs;
    private final long maxBodyBytes;

    @Inject
    public ChatGateway(TenantRegistry tenants, LlmRouter router, Codecs codecs, RouterConfig config) {
        this.tenants = tenants;
        this.router = router;
        this.codecs = codecs;
        this.maxBodyBytes = config.limits().maxBodySize().asLongValue();
    }

    /** Handles one chat call in {@code protocol}. */
    public RestMulti<byte[]> handle(Protocol protocol, byte[] body, HttpServerRequest http, InboundContext ctx) {
        Tenant tenant = tenants.resolve(InboundKeys.extract(http));
        if (tenant == null) {
            boolean missing = InboundKeys.extract(http) == null;
            return reply(Uni.createFrom().item(error(protocol, ApiError.of(ErrorKind.AUTHENTICATION, missing
                    ? "Missing API key: send Authorization: Bearer <key>, x-api-key, x-goog-api-key or ?key="
                    : "Invalid API key"), -1)));
        }
        if (body != null && body.length > maxBodyBytes) {
            return reply(Uni.createFrom().item(error(protocol, ApiError.of(ErrorKind.REQUEST_TOO_LARGE,
                    "Request body of " + body.length + " bytes exceeds the limit of " + maxBodyBytes + " bytes"), -1)));
        }
        ConcurrencyLimit concurrency = tenant.concurrency();
        if (concurrency != null && !concurrency.tryAcquire()) {
            return reply(Uni.createFrom().item(error(protocol, ApiError.of(ErrorKind.RATE_LIMITED,
                    "Too many concurrent requests for this tenant"), 1000)));
        }
        byte[] payload = body == null ? new byte[0] : body;
        Uni<RoutedResponse> routed = tenant.rateLimit() == null
                ? router.route(tenant.name(), tenant.pool(), payload, protocol, ctx)
                : tenant.rateLimit().get(() -> router.route(tenant.name(), tenant.pool(), payload, protocol, ctx), ROUTED)
                        .onFailure(RateLimitException.class).recoverWithItem(e -> error(protocol,
                                ApiError.of(ErrorKind.RATE_LIMITED, "Rate limit of this tenant exceeded"),
                                Math.max(1000, e.getRetryAfterMillis())));
        if (concurrency != null) {
            routed = routed.onItemOrFailure().transform((r, t) -> {
                if (t != null || r == null || !r.streaming()) {
                    concurrency.release();
                    if (t != null) {
                        throw t instanceof RuntimeException re ? re : new IllegalStateException(t);
                    }
                    return r;
                }
                // A stream holds its permit until it ends, however it ends.
                return new RoutedResponse(r.status(), r.contentType(), r.headers(), r.body(),
                        r.stream().onTermination().invoke(concurrency::release), r.usage());
            }).onCancellation().invoke(concurrency::release);
        }
        return reply(routed);
    }

    /** An error in the protocol's format, without routing (401, 413, 429 from limits). */
    RoutedResponse error(Protocol protocol, ApiError error, long retryAfterMillis) {
        EncodedError enc = codecs.of(protocol).encodeError(error);
        Map<String, String> headers = new HashMap<>(2);
        if (retryAfterMillis >= 0) {
            headers.put("Retry-After", Long.toString(Math.max(1, (retryAfterMillis + 999) / 1000)));
        }
        return new RoutedResponse(enc.status(), enc.contentType(), headers, enc.body(), null, null);
    }

    static RestMulti<byte[]> reply(Uni<RoutedResponse> routed) {
        return RestMulti.fromUniResponse(routed,
                r -> r.streaming() ? r.stream() : Multi.createFrom().item(r.body()),
                ChatGateway::headers,
                RoutedResponse::status);
    }

    private static Map<String, List<String>> headers(RoutedResponse r) {
        Map<String, List<String>> h = new HashMap<>(r.headers().size() + 1);
        h.put("Content-Type", List.of(r.contentType()));
        r.headers().forEach((k, v) -> h.put(k, List.of(v)));
        return h;
    }
}
