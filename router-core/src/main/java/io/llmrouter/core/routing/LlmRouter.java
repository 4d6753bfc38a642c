package io.llmrouter.core.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Operation;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.embed.EmbeddingRequest;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.governance.Governor;
import io.llmrouter.core.governance.Pass;
import io.llmrouter.core.governance.Refusal;
import io.llmrouter.core.governance.Settlement;
import io.llmrouter.core.governance.Units;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.selection.AttemptPlan;
import io.llmrouter.core.selection.EndpointPool;
import io.llmrouter.core.telemetry.CallRecord;
import io.llmrouter.core.telemetry.CallSpan;
import io.llmrouter.core.telemetry.CallTracer;
import io.llmrouter.core.telemetry.Caller;
import io.llmrouter.core.telemetry.RouteListener;
import io.llmrouter.core.upstream.UpstreamLimits;
import io.llmrouter.core.upstream.UpstreamTransport;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.ForwardedHeaders;
import io.llmrouter.core.wire.InboundContext;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.Set;

/**
 * The call: decode the client's request, pick the cheapest admitted endpoint, encode for its protocol, call it,
 * classify the outcome, update its breaker, fail over, then decode the answer and encode it for the client. The
 * library shape of the router; the HTTP service is a thin layer over it.
 *
 * <pre>{@code
 * if (router.request(pool, body, Protocol.OPENAI).await().indefinitely() instanceof RoutedResponse.Complete r) {
 *     r.body();   // the answer in OpenAI format, whatever upstream served it
 *     r.usage();  // tokens, latency, cost (empty for an error)
 * }
 * }</pre>
 */
public final class LlmRouter {

    private final Codecs codecs;
    private final UpstreamTransport transport;
    private final TokenEstimator estimator;
    private final FailureClassifier classifier;
    private final RouteListener listener;
    private final Offload offload;
    private final UpstreamLimits limits;
    private final CallTracer tracer;

    /** A router that works on every body where it is called, with the {@link UpstreamLimits#DEFAULTS}. */
    public LlmRouter(Codecs codecs, UpstreamTransport transport, TokenEstimator estimator,
                     FailureClassifier classifier, RouteListener listener) {
        this(codecs, transport, estimator, classifier, listener, Offload.NEVER, UpstreamLimits.DEFAULTS);
    }

    /**
     * A router that hands the work on large bodies to {@code offload} (see {@link Offload}) and holds upstream
     * streams to {@code limits} (their lines and events; an error body to its size); the transport holds complete
     * answers and durations to its own.
     */
    public LlmRouter(Codecs codecs, UpstreamTransport transport, TokenEstimator estimator,
                     FailureClassifier classifier, RouteListener listener, Offload offload, UpstreamLimits limits) {
        this(codecs, transport, estimator, classifier, listener, offload, limits, CallTracer.NONE);
    }

    /** A router as above whose calls and upstream attempts are traced by {@code tracer}. */
    public LlmRouter(Codecs codecs, UpstreamTransport transport, TokenEstimator estimator,
                     FailureClassifier classifier, RouteListener listener, Offload offload, UpstreamLimits limits,
                     CallTracer tracer) {
        this.codecs = codecs;
        this.transport = transport;
        this.estimator = estimator;
        this.classifier = classifier;
        this.listener = listener;
        this.offload = offload;
        this.limits = limits;
        this.tracer = tracer;
    }

    /** Routes a request whose body says whether it streams (the seed's {@code router.request}). */
    public Uni<RoutedResponse> request(EndpointPool pool, byte[] rawBody, Protocol clientProtocol) {
        return route("default", pool, rawBody, clientProtocol, InboundContext.BODY_ONLY);
    }

    /** Routes a request as a stream even if its body does not ask for one (the seed's {@code requestStream}). */
    public Uni<RoutedResponse> requestStream(EndpointPool pool, byte[] rawBody, Protocol clientProtocol) {
        return route("default", pool, rawBody, clientProtocol, new InboundContext(null, true, true));
    }

    /**
     * Routes one call for a tenant. Never fails: every error becomes a {@link RoutedResponse} in the client's
     * protocol. A large body is parsed and decoded where the {@link Offload} puts it.
     */
    public Uni<RoutedResponse> route(String tenant, EndpointPool pool, byte[] rawBody, Protocol clientProtocol,
                                     InboundContext ctx) {
        return route(Caller.of(tenant), pool, rawBody, clientProtocol, ctx, CallPolicy.DEFAULTS);
    }

    /** {@link #route(String, EndpointPool, byte[], Protocol, InboundContext)} under the tenant's {@code policy}. */
    public Uni<RoutedResponse> route(String tenant, EndpointPool pool, byte[] rawBody, Protocol clientProtocol,
                                     InboundContext ctx, CallPolicy policy) {
        return route(Caller.of(tenant), pool, rawBody, clientProtocol, ctx, policy, Operation.CHAT);
    }

    /** {@link #route(Caller, EndpointPool, byte[], Protocol, InboundContext, CallPolicy, Operation)} of a tenant. */
    public Uni<RoutedResponse> route(String tenant, EndpointPool pool, byte[] rawBody, Protocol clientProtocol,
                                     InboundContext ctx, CallPolicy policy, Operation operation) {
        return route(Caller.of(tenant), pool, rawBody, clientProtocol, ctx, policy, operation);
    }

    /**
     * Routes one chat call of {@code caller} under its tenant's {@code policy}, traced from here to the end of its
     * answer. Never fails: every error becomes a {@link RoutedResponse} in the client's protocol.
     */
    public Uni<RoutedResponse> route(Caller caller, EndpointPool pool, byte[] rawBody, Protocol clientProtocol,
                                     InboundContext ctx, CallPolicy policy) {
        return route(caller, pool, rawBody, clientProtocol, ctx, policy, Operation.CHAT);
    }

    /**
     * Routes one call of {@code operation} for {@code caller} under its tenant's {@code policy}: a count of tokens goes
     * to the endpoint the same chat request would go to (docs/routing.md, "Counting tokens"); embeddings go to the
     * tenant's embeddings endpoints only (docs/routing.md, "Embeddings").
     *
     * @throws IllegalArgumentException for a count or embeddings asked in a protocol whose clients cannot ask for them
     */
    public Uni<RoutedResponse> route(Caller caller, EndpointPool pool, byte[] rawBody, Protocol clientProtocol,
                                     InboundContext ctx, CallPolicy policy, Operation operation) {
        return route(caller, pool, rawBody, clientProtocol, ctx, policy, operation, Entitlement.ALL);
    }

    /**
     * {@link #route(Caller, EndpointPool, byte[], Protocol, InboundContext, CallPolicy, Operation)} for a caller whose
     * key may call only {@code entitlement}'s models and whose call holds a {@link Settlement} of its limits: once the
     * request is decoded, a model outside the allow-list is answered as unknown (404), a budget past its soft
     * threshold may restrict the plan to cheaper endpoints, and tokens and budget are reserved; the settlement is
     * settled when the call ends, however it ends.
     */
    public Uni<RoutedResponse> route(Caller caller, EndpointPool pool, byte[] rawBody, Protocol clientProtocol,
                                     InboundContext ctx, CallPolicy policy, Operation operation,
                                     Entitlement entitlement) {
        if (operation == Operation.COUNT_TOKENS && !codecs.of(clientProtocol).answersCounts()) {
            throw new IllegalArgumentException("the clients of " + clientProtocol + " cannot ask for a count");
        }
        if (operation == Operation.EMBEDDINGS && !codecs.of(clientProtocol).embeds()) {
            throw new IllegalArgumentException("the clients of " + clientProtocol + " cannot ask for embeddings");
        }
        long start = System.nanoTime();
        CallSpan span = tracer.start(caller, clientProtocol);
        if (!offload.wanted(rawBody.length)) {
            return prepare(caller, span, pool, rawBody, clientProtocol, ctx, policy, operation, entitlement, start)
                    .run();
        }
        return offload.run(() -> prepare(caller, span, pool, rawBody, clientProtocol, ctx, policy, operation,
                        entitlement, start))
                .onItem().transformToUni(Prepared::run);
    }

    /** Parses and decodes the request and plans its attempts: the call to run, or the answer refusing it. */
    private Prepared prepare(Caller caller, CallSpan span, EndpointPool pool, byte[] rawBody,
                             Protocol clientProtocol, InboundContext ctx, CallPolicy policy, Operation operation,
                             Entitlement entitlement, long start) {
        ProtocolCodec client = codecs.of(clientProtocol);
        // Only the endpoints of the kind the operation needs: a chat model never embeds, nor the reverse.
        EndpointPool candidates = pool.serving(operation.servedBy());
        Settlement settlement = entitlement.settlement();
        ObjectNode body;
        ChatRequest request = null;
        EmbeddingRequest embeddings = null;
        String model = null;
        AttemptPlan plan;
        int estimatedInput;
        // What the intermediate form has no place for: left out only by attempts that convert.
        Drops unmodelled = Drops.recording();
        try {
            // Parsed once: decoding reads the tree, a same-protocol upstream gets it forwarded.
            body = Json.parseRequest(rawBody);
            if (operation == Operation.EMBEDDINGS) {
                embeddings = client.embeddings().decodeRequest(body, ctx, unmodelled);
                model = embeddings.model();
                span.embeddings(embeddings);
                estimatedInput = (int) Math.min(Integer.MAX_VALUE, client.embeddings().estimate(embeddings));
            } else {
                request = decodeChat(client, body, ctx, unmodelled, operation);
                model = request.model();
                span.request(request);
                estimatedInput = estimator.estimateRequest(request);
            }
            if (!entitlement.allows(model)) {
                // Answered as an unknown model: the tenant's other models are not revealed to this key.
                listener.onRefusal(caller.tenant(), caller.keyName(), "key", Refusal.MODEL_NOT_ALLOWED.id());
                throw RouterException.modelNotFound(model);
            }
            double ceiling = settlement == null ? Double.NaN : settlement.priceCeiling();
            if (!Double.isNaN(ceiling) && candidates.cheapestInputPrice(model) > ceiling
                    && candidates.cheapestInputPrice(model) < Double.POSITIVE_INFINITY) {
                Pass.Refused refused = Governor.noEndpointUnderCeiling(settlement, model, ceiling);
                return refused(caller, span, client, model, request != null && request.stream(), refused, start,
                        operation);
            }
            plan = candidates.plan(model, estimatedInput, request == null ? null : request.maxTokens(), ceiling);
        } catch (RouterException e) {
            String outcome = e.error().status() == 404 ? "model_not_found" : "invalid_request";
            CallRecord record = new CallRecord(caller.tenant(), null, clientProtocol, null, outcome,
                    e.error().status(), 0, null, false, caller.keyName(), model, null,
                    (System.nanoTime() - start) / 1_000_000L, -1, span.traceId(), Set.of(), operation);
            span.end(record, null);
            listener.onCall(record);
            if (settlement != null) {
                settlement.settle(0, 0);
            }
            return new Prepared(null, Responses.error(client, e), null);
        }
        // The client's headers that may reach an upstream, copied once: the lookup is not kept.
        ForwardedHeaders forwarded = client.captureHeaders(ctx.headers());
        Call.Inbound inbound = new Call.Inbound(request, embeddings, body, unmodelled, forwarded, operation);
        Call call = new Call(new Call.Setup(caller, codecs, transport, estimator, classifier, listener,
                offload, limits, policy, settlement), span, client, inbound, rawBody.length, ctx, plan,
                estimatedInput, start);
        if (settlement == null) {
            return new Prepared(call, null, null);
        }
        // An embeddings endpoint has no output price, so its estimate is its input's cost.
        return new Prepared(call, null, new Reservation(settlement, estimatedInput,
                Units.nanos(plan.estimatedCost(estimatedInput, request == null ? null : request.maxTokens())), caller,
                span, client, model, inbound.stream(), start, operation));
    }

    /** A chat or count body decoded, its stream flag as the operation and the route want it. */
    private static ChatRequest decodeChat(ProtocolCodec client, ObjectNode body, InboundContext ctx, Drops unmodelled,
                                          Operation operation) {
        ChatRequest request = operation == Operation.COUNT_TOKENS ? client.decodeCountRequest(body, ctx, unmodelled)
                : client.decodeRequest(body, ctx, unmodelled);
        if (operation == Operation.COUNT_TOKENS && request.stream()) {
            // A count is one answer, whatever the body says.
            return request.toBuilder().stream(false).build();
        }
        if (operation == Operation.CHAT && ctx.streamRoute() && !request.stream()) {
            return request.toBuilder().stream(true).build();
        }
        return request;
    }

    /** A call refused by its limits once decoded: recorded as {@code refused}, counted, answered in its format. */
    private Prepared refused(Caller caller, CallSpan span, ProtocolCodec client, String model, boolean stream,
                             Pass.Refused refused, long start, Operation operation) {
        RoutedResponse answer = GovernanceReplies.refusal(client, refused);
        listener.onRefusal(caller.tenant(), caller.keyName(), refused.scope(), refused.reason().id());
        CallRecord record = new CallRecord(caller.tenant(), null, client.protocol(), null, "refused", answer.status(), 0,
                null, stream, caller.keyName(), model, null, (System.nanoTime() - start) / 1_000_000L, -1,
                span.traceId(), Set.of(), operation);
        span.end(record, null);
        listener.onCall(record);
        return new Prepared(null, answer, null);
    }

    /**
     * A prepared call: the call to run, or (call null) the answer that refuses it. A governed call first reserves its
     * estimated tokens and cost ({@code reservation}, null for a call no limit applies to); a refusal then answers
     * instead of the call.
     */
    private record Prepared(Call call, RoutedResponse refusal, Reservation reservation) {

        Uni<RoutedResponse> run() {
            if (call == null) {
                return Uni.createFrom().item(refusal);
            }
            return reservation == null ? call.start() : reservation.run(call);
        }
    }

    /** What a governed call reserves before it starts, and what it needs to answer a refusal. */
    private final class Reservation {
        private final Settlement settlement;
        private final long tokens;
        private final long costNanos;
        private final Caller caller;
        private final CallSpan span;
        private final ProtocolCodec client;
        private final String model;
        private final boolean stream;
        private final long start;
        private final Operation operation;

        Reservation(Settlement settlement, long tokens, long costNanos, Caller caller, CallSpan span,
                    ProtocolCodec client, String model, boolean stream, long start, Operation operation) {
            this.settlement = settlement;
            this.tokens = tokens;
            this.costNanos = costNanos;
            this.caller = caller;
            this.span = span;
            this.client = client;
            this.model = model;
            this.stream = stream;
            this.start = start;
            this.operation = operation;
        }

        Uni<RoutedResponse> run(Call call) {
            return settlement.reserve(tokens, costNanos).flatMap(pass -> {
                if (pass instanceof Pass.Refused refused) {
                    return Uni.createFrom().item(refused(caller, span, client, model, stream, refused, start, operation)
                            .refusal());
                }
                Map<String, String> soft = GovernanceReplies.soft(settlement);
                if (soft.isEmpty()) {
                    return call.start();
                }
                listener.onSoftLimit(caller.tenant(), caller.keyName(), false);
                if (!Double.isNaN(settlement.ceiling())) {
                    listener.onSoftLimit(caller.tenant(), caller.keyName(), true);
                }
                return call.start().map(r -> r.withHeaders(soft));
            });
        }
    }
}
