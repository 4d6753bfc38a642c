package io.llmrouter.core.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Operation;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.failure.FailureClassifier;
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
     * to the endpoint the same chat request would go to (docs/routing.md, "Counting tokens").
     *
     * @throws IllegalArgumentException for a count asked in a protocol whose clients cannot ask for one
     */
    public Uni<RoutedResponse> route(Caller caller, EndpointPool pool, byte[] rawBody, Protocol clientProtocol,
                                     InboundContext ctx, CallPolicy policy, Operation operation) {
        if (operation == Operation.COUNT_TOKENS && !codecs.of(clientProtocol).answersCounts()) {
            throw new IllegalArgumentException("the clients of " + clientProtocol + " cannot ask for a count");
        }
        long start = System.nanoTime();
        CallSpan span = tracer.start(caller, clientProtocol);
        if (!offload.wanted(rawBody.length)) {
            return prepare(caller, span, pool, rawBody, clientProtocol, ctx, policy, operation, start).run();
        }
        return offload.run(() -> prepare(caller, span, pool, rawBody, clientProtocol, ctx, policy, operation, start))
                .onItem().transformToUni(Prepared::run);
    }

    /** Parses and decodes the request and plans its attempts: the call to run, or the answer refusing it. */
    private Prepared prepare(Caller caller, CallSpan span, EndpointPool pool, byte[] rawBody,
                             Protocol clientProtocol, InboundContext ctx, CallPolicy policy, Operation operation,
                             long start) {
        ProtocolCodec client = codecs.of(clientProtocol);
        ObjectNode body;
        ChatRequest request = null;
        AttemptPlan plan;
        int estimatedInput;
        // What the intermediate form has no place for: left out only by attempts that convert.
        Drops unmodelled = Drops.recording();
        try {
            // Parsed once: decoding reads the tree, a same-protocol upstream gets it forwarded.
            body = Json.parseRequest(rawBody);
            request = operation == Operation.COUNT_TOKENS ? client.decodeCountRequest(body, ctx, unmodelled)
                    : client.decodeRequest(body, ctx, unmodelled);
            if (operation == Operation.COUNT_TOKENS && request.stream()) {
                // A count is one answer, whatever the body says.
                request = request.toBuilder().stream(false).build();
            } else if (operation == Operation.CHAT && ctx.streamRoute() && !request.stream()) {
                request = request.toBuilder().stream(true).build();
            }
            span.request(request);
            estimatedInput = estimator.estimateRequest(request);
            plan = pool.plan(request.model(), estimatedInput, request.maxTokens());
        } catch (RouterException e) {
            String outcome = e.error().status() == 404 ? "model_not_found" : "invalid_request";
            CallRecord record = new CallRecord(caller.tenant(), null, clientProtocol, null, outcome,
                    e.error().status(), 0, null, false, caller.keyName(), request == null ? null : request.model(),
                    null, (System.nanoTime() - start) / 1_000_000L, -1, span.traceId(), Set.of(), operation);
            span.end(record, null);
            listener.onCall(record);
            return new Prepared(null, Responses.error(client, e));
        }
        // The client's headers that may reach an upstream, copied once: the lookup is not kept.
        ForwardedHeaders forwarded = client.captureHeaders(ctx.headers());
        return new Prepared(new Call(new Call.Setup(caller, codecs, transport, estimator, classifier, listener,
                offload, limits, policy), span, client,
                new Call.Inbound(request, body, unmodelled, forwarded, operation),
                rawBody.length, ctx, plan, estimatedInput, start), null);
    }

    /** A prepared call: the call to run, or (call null) the answer that refuses it. */
    private record Prepared(Call call, RoutedResponse refusal) {

        Uni<RoutedResponse> run() {
            return call == null ? Uni.createFrom().item(refusal) : call.start();
        }
    }
}
