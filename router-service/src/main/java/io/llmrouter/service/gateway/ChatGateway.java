package io.llmrouter.service.gateway;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.Echo;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.governance.Governor;
import io.llmrouter.core.governance.Pass;
import io.llmrouter.core.governance.Refusal;
import io.llmrouter.core.governance.Settlement;
import io.llmrouter.core.governance.WallClock;
import io.llmrouter.core.routing.Entitlement;
import io.llmrouter.core.routing.LlmRouter;
import io.llmrouter.core.routing.Offload;
import io.llmrouter.api.Operation;
import io.llmrouter.core.routing.Replies;
import io.llmrouter.core.routing.RoutedResponse;
import io.llmrouter.core.telemetry.Caller;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.service.config.InboundKey;
import io.llmrouter.service.config.RouterConfig;
import io.llmrouter.service.config.Tenant;
import io.llmrouter.service.config.TenantRegistry;
import io.llmrouter.service.metrics.RouterMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Everything a chat route does before and after routing: authenticate the caller to a tenant, enforce body size and
 * tenant limits and route. The front doors ({@code ChatRoutes}, or {@code ChatResource} with
 * {@code router.http.front-door=jax-rs}) only read the request and write the {@link RoutedResponse}. Runs on the event
 * loop; nothing here blocks, and a large compressed body is decoded off it ({@link Offload}).
 */
// @Singleton rather than @ApplicationScoped: used on every call, so no client proxy in front of it.
@Singleton
public class ChatGateway {

    /** The Gemini method that counts tokens. */
    private static final String COUNT_TOKENS = "countTokens";
    /** The Gemini methods that embed one content and a batch of them. */
    private static final String EMBED_CONTENT = "embedContent";
    private static final String BATCH_EMBED_CONTENTS = "batchEmbedContents";

    private static final String MULTIPART = "multipart/";
    /** How much a compressed JSON body is taken to grow when decoded, to decide where to decode it. */
    private static final int EXPANSION = 8;

    private final TenantRegistry tenants;
    private final LlmRouter router;
    private final Replies replies;
    private final Offload offload;
    private final long maxBodyBytes;
    private final WallClock clock;
    private final RouterMetrics metrics;

    @Inject
    public ChatGateway(TenantRegistry tenants, LlmRouter router, Replies replies, Offload offload,
                       RouterConfig config, WallClock clock, RouterMetrics metrics) {
        this.tenants = tenants;
        this.router = router;
        this.replies = replies;
        this.offload = offload;
        this.maxBodyBytes = config.limits().maxBodySize().asLongValue();
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Handles one chat call in {@code protocol} whose body has been read (the JAX-RS door): {@link #admit}, then
     * {@link #route}. The Uni does not fail for the caller's mistakes or upstream failures; those are answers too.
     */
    public Uni<RoutedResponse> handle(Protocol protocol, byte[] body, HttpServerRequest http, InboundContext ctx) {
        return handle(protocol, body, http, ctx, Operation.CHAT);
    }

    /** {@link #handle(Protocol, byte[], HttpServerRequest, InboundContext)} for a call of {@code operation}. */
    public Uni<RoutedResponse> handle(Protocol protocol, byte[] body, HttpServerRequest http, InboundContext ctx,
                                      Operation operation) {
        Admission admission = admit(protocol, http);
        return admission.refusal() != null ? answer(admission.refusal())
                : route(admission, protocol, body, http, ctx, operation);
    }

    /**
     * What can be decided from the request's head, before its body is read: the caller's tenant, or the answer
     * that refuses the call (401 without a valid key or with an expired one; 415 for multipart form data, which is
     * never a chat request).
     * The Vert.x door reads no body of a refused call; a declared length over the limit never gets here
     * ({@link io.llmrouter.service.routes.BodyLimit}).
     */
    public Admission admit(Protocol protocol, HttpServerRequest http) {
        TenantRegistry.Identity identity = tenants.identify(InboundKeys.extract(http));
        if (identity == null) {
            return new Admission(null, unauthenticated(protocol, http));
        }
        if (identity.key().expired(clock.millis())) {
            metrics.onRefusal(identity.tenant().name(), identity.keyName(), "-", Refusal.KEY_EXPIRED.id());
            return new Admission(null, error(protocol, ApiError.of(ErrorKind.AUTHENTICATION, "API key expired"), -1));
        }
        String type = http.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && type.regionMatches(true, 0, MULTIPART, 0, MULTIPART.length())) {
            return new Admission(null, error(protocol, ApiError.of(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                    "Multipart form data is not a chat request: send the JSON body with "
                            + "Content-Type: application/json"), -1));
        }
        return new Admission(identity.tenant(), null, identity.key());
    }

    /**
     * Routes an admitted call for {@code tenant}: body size and encoding, the tenant's limits, then the router. The
     * Uni does not fail for the caller's mistakes or upstream failures; those are answers too.
     */
    public Uni<RoutedResponse> route(Admission admission, Protocol protocol, byte[] body, HttpServerRequest http,
                                     InboundContext ctx) {
        return route(admission, protocol, body, http, ctx, Operation.CHAT);
    }

    /**
     * {@link #route(Admission, Protocol, byte[], HttpServerRequest, InboundContext)} for a call of {@code operation};
     * a count of tokens is held to the tenant's request rate and concurrency like a chat call.
     */
    public Uni<RoutedResponse> route(Admission admission, Protocol protocol, byte[] body, HttpServerRequest http,
                                     InboundContext ctx, Operation operation) {
        Tenant tenant = admission.tenant();
        Caller caller = new Caller(tenant.name(), admission.keyName(), http.headers()::get, tenant.traceContent());
        InboundKey key = admission.key();
        if (body != null && body.length > maxBodyBytes) {
            return answer(tooLarge(protocol, body.length));
        }
        // The caller's headers, read while the call is prepared: its protocol's allow-list may reach the upstream.
        InboundContext call = ctx.withHeaders(http::getHeader);
        String encoding = http.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && body != null) {
            byte[] encoded = body;
            if (offload.wanted((long) encoded.length * EXPANSION)) {
                return offload.run(() -> ContentEncodings.decode(encoding, encoded, maxBodyBytes))
                        .onItemOrFailure().transformToUni((decoded, failure) -> failure instanceof RouterException e
                                ? answer(error(protocol, e.error(), -1))
                                : failure != null ? Uni.createFrom().failure(failure)
                                : limitAndRoute(tenant, key, caller, protocol, decoded, call, operation));
            }
            try {
                body = ContentEncodings.decode(encoding, encoded, maxBodyBytes);
            } catch (RouterException e) {
                return answer(error(protocol, e.error(), -1));
            }
        }
        return limitAndRoute(tenant, key, caller, protocol, body, call, operation);
    }

    /**
     * The tenant's and the key's concurrency and rate limits, then the router, which checks the rest once the request
     * is decoded (the key's models, tokens, budget) and settles the call when it ends. A key without limits goes
     * straight to the router.
     */
    private Uni<RoutedResponse> limitAndRoute(Tenant tenant, InboundKey key, Caller caller, Protocol protocol,
                                              byte[] body, InboundContext ctx, Operation operation) {
        byte[] payload = body == null ? new byte[0] : body;
        Governor governor = key.governor();
        if (!governor.governs()) {
            return router.route(caller, tenant.pool(), payload, protocol, ctx, tenant.policy(), operation,
                    key.entitlement());
        }
        return governor.admit().flatMap(pass -> {
            if (pass instanceof Pass.Refused refused) {
                metrics.onRefusal(tenant.name(), key.name(), refused.scope(), refused.reason().id());
                return answer(replies.refuse(protocol, refused));
            }
            Settlement settlement = ((Pass.Admitted) pass).settlement();
            // The call settles when it ends; a call that never started (a failure, the caller gone) gives all back.
            return router.route(caller, tenant.pool(), payload, protocol, ctx, tenant.policy(), operation,
                            new Entitlement(key.models(), settlement))
                    .onFailure().invoke(() -> settlement.settle(0, 0))
                    .onCancellation().invoke(() -> settlement.settle(0, 0));
        });
    }

    /**
     * Handles a Gemini call whose last path segment is {@code {model}:<method>} ({@link #geminiContext}); {@code alt=sse}
     * asks for SSE instead of a JSON array.
     */
    public Uni<RoutedResponse> handleGemini(String call, String alt, byte[] body, HttpServerRequest http) {
        InboundContext ctx;
        try {
            ctx = geminiContext(call, alt);
        } catch (RouterException e) {
            return answer(error(Protocol.GEMINI, e.error(), -1));
        }
        return handle(Protocol.GEMINI, body, http, ctx, geminiOperation(call));
    }

    /**
     * The call a Gemini path's last segment names: {@code {model}:generateContent},
     * {@code {model}:streamGenerateContent} ({@code alt=sse} asking for SSE instead of a JSON array),
     * {@code {model}:countTokens}, {@code {model}:embedContent} or {@code {model}:batchEmbedContents}.
     *
     * @throws RouterException 404 for any other method
     */
    public static InboundContext geminiContext(String call, String alt) {
        int colon = call.lastIndexOf(':');
        String model = colon > 0 ? call.substring(0, colon) : call;
        String method = colon > 0 ? call.substring(colon + 1) : "";
        boolean stream;
        if ("generateContent".equals(method) || COUNT_TOKENS.equals(method) || EMBED_CONTENT.equals(method)
                || BATCH_EMBED_CONTENTS.equals(method)) {
            stream = false;
        } else if ("streamGenerateContent".equals(method)) {
            stream = true;
        } else {
            throw new RouterException(ApiError.of(ErrorKind.NOT_FOUND, "Unknown method '" + Echo.of(method)
                    + "': use models/{model}:generateContent, :streamGenerateContent, :countTokens, :embedContent or"
                    + " :batchEmbedContents"));
        }
        return InboundContext.gemini(model, stream, "sse".equals(alt));
    }

    /**
     * The operation a Gemini path's last segment asks for: a count for {@code {model}:countTokens}, embeddings for
     * {@code {model}:embedContent} and {@code {model}:batchEmbedContents}, else chat.
     */
    public static Operation geminiOperation(String call) {
        if (call.endsWith(":" + COUNT_TOKENS)) {
            return Operation.COUNT_TOKENS;
        }
        if (call.endsWith(":" + EMBED_CONTENT) || call.endsWith(":" + BATCH_EMBED_CONTENTS)) {
            return Operation.EMBEDDINGS;
        }
        return Operation.CHAT;
    }

    /**
     * A request for a stored response ({@code GET} or {@code DELETE /v1/responses/{id}}, its {@code input_items},
     * its {@code cancel}): the router keeps no response state, so an admitted caller gets a 400 in the Responses
     * format saying to send the whole conversation; an unknown caller the 401 of any call.
     */
    public RoutedResponse storedResponse(HttpServerRequest http) {
        Admission admission = admit(Protocol.OPENAI_RESPONSES, http);
        if (admission.refusal() != null) {
            return admission.refusal();
        }
        return error(Protocol.OPENAI_RESPONSES, new ApiError(ErrorKind.INVALID_REQUEST, 400, "This router keeps no"
                + " response state: " + http.method() + " " + Echo.of(http.path(), 200) + " has no stored response"
                + " to act on. Send the whole conversation in 'input' ('store' is treated as false).",
                "unsupported_parameter"), -1);
    }

    /**
     * A caller admitted by {@link #admit}: its tenant and its inbound key; or, when refused, the answer instead
     * (tenant null).
     */
    public record Admission(Tenant tenant, RoutedResponse refusal, InboundKey key) {

        Admission(Tenant tenant, RoutedResponse refusal) {
            this(tenant, refusal, null);
        }

        /** The name of the caller's key (never the key). */
        public String keyName() {
            return key == null ? null : key.name();
        }
    }

    private RoutedResponse unauthenticated(Protocol protocol, HttpServerRequest http) {
        boolean missing = InboundKeys.extract(http) == null;
        return error(protocol, ApiError.of(ErrorKind.AUTHENTICATION, missing
                ? "Missing API key: send Authorization: Bearer <key>, x-api-key, x-goog-api-key or ?key="
                : "Invalid API key"), -1);
    }

    /** 413 in the protocol's format; {@code size} is the body's length, or -1 when it was refused unread. */
    public RoutedResponse tooLarge(Protocol protocol, long size) {
        return error(protocol, ApiError.of(ErrorKind.REQUEST_TOO_LARGE, size < 0
                ? "Request body exceeds the limit of " + maxBodyBytes + " bytes"
                : "Request body of " + size + " bytes exceeds the limit of " + maxBodyBytes + " bytes"), -1);
    }

    /** 500 in the protocol's format, for a failure the router did not turn into an answer itself (a bug). */
    public RoutedResponse internalError(Protocol protocol) {
        return error(protocol, ApiError.of(ErrorKind.INTERNAL, "The router failed to handle this request"), -1);
    }

    /** The largest body {@link #handle} accepts, in bytes. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    private static Uni<RoutedResponse> answer(RoutedResponse response) {
        return Uni.createFrom().item(response);
    }

    /** An error in the protocol's format, without routing (401, 413, 429 from limits). */
    public RoutedResponse error(Protocol protocol, ApiError error, long retryAfterMillis) {
        return replies.refuse(protocol, error, retryAfterMillis);
    }
}
