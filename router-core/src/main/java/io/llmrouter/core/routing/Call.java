package io.llmrouter.core.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Operation;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.Usage;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.embed.EmbeddingRequest;
import io.llmrouter.api.embed.EmbeddingResponse;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.Echo;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.DecodedError;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.EmbeddingBatches;
import io.llmrouter.core.convert.EmbeddingValues;
import io.llmrouter.core.convert.EmbeddingsCodec;
import io.llmrouter.core.convert.Outbound;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.convert.UpstreamErrors;
import io.llmrouter.core.failure.ErrorFacts;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.failure.FailureText;
import io.llmrouter.core.failure.Outcome;
import io.llmrouter.core.failure.Timeouts;
import io.llmrouter.core.failure.UpstreamFault;
import io.llmrouter.core.governance.Settlement;
import io.llmrouter.core.selection.AttemptPlan;
import io.llmrouter.core.selection.Exhaustion;
import io.llmrouter.core.selection.PooledEndpoint;
import io.llmrouter.core.telemetry.Answer;
import io.llmrouter.core.telemetry.AttemptEnd;
import io.llmrouter.core.telemetry.AttemptSpan;
import io.llmrouter.core.telemetry.AttemptStart;
import io.llmrouter.core.telemetry.CallRecord;
import io.llmrouter.core.telemetry.CallSpan;
import io.llmrouter.core.telemetry.Caller;
import io.llmrouter.core.telemetry.RouteListener;
import io.llmrouter.core.telemetry.ContentCapture;
import io.llmrouter.core.telemetry.TraceLog;
import io.llmrouter.core.upstream.UpstreamLimits;
import io.llmrouter.core.upstream.UpstreamTransport;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.ForwardedHeaders;
import io.llmrouter.core.wire.HeaderLookup;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import io.llmrouter.core.wire.UpstreamResponse;
import io.llmrouter.core.wire.UpstreamStream;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One routed call's attempt loop. Each attempt takes the next endpoint of the plan, and on a failure that allows it
 * moves on; the loop is asynchronous (recursion through {@link Uni} composition), so no thread waits on an upstream.
 */
final class Call {

    private static final Logger LOG = Logger.getLogger(Call.class);

    /**
     * The caller and the collaborators shared by all calls; {@code settlement} is the call's share of its limits
     * (null when none applies), settled when the call ends.
     */
    record Setup(Caller caller, Codecs codecs, UpstreamTransport transport, TokenEstimator estimator,
                 FailureClassifier classifier, RouteListener listener, Offload offload, UpstreamLimits limits,
                 CallPolicy policy, Settlement settlement) {

        String tenant() {
            return caller.tenant();
        }
    }

    /**
     * What the client sent, prepared once for every attempt.
     *
     * @param request    the decoded chat or count request; null for embeddings
     * @param embeddings the decoded embeddings request; null for chat and counts
     * @param body       the client's parsed body, forwarded (model rewritten) to same-protocol upstreams
     * @param unmodelled the client's fields the intermediate form has no place for: lost by every converting attempt
     * @param headers    the client's headers that may reach an upstream
     * @param operation  what the call asks of its endpoint
     */
    record Inbound(ChatRequest request, EmbeddingRequest embeddings, ObjectNode body, Drops unmodelled,
                   ForwardedHeaders headers, Operation operation) {

        /** The public model asked for. */
        String model() {
            return request != null ? request.model() : embeddings.model();
        }

        /** Whether the answer streams (embeddings never do). */
        boolean stream() {
            return request != null && request.stream();
        }
    }

    private final Setup setup;
    private final CallSpan span;
    private final ProtocolCodec client;
    private final Inbound inbound;
    /** The chat or count request; null for embeddings ({@link Inbound#embeddings()}). */
    private final ChatRequest request;
    private final String model;
    private final boolean stream;
    /** The client's body size: how heavy encoding it for an upstream is ({@link Offload}). */
    private final long bodySize;
    private final InboundContext ctx;
    private final AttemptPlan plan;
    private final int estimatedInput;
    private final long startNanos;

    /** What went wrong last, reported when the plan runs out. */
    private ApiError lastFailure;
    private long minRetryAfterMillis = -1;
    private boolean onlyRateLimited = true;
    private RouterException lastEncodingError;
    /** What the latest attempt's request left out; the answering attempt's is reported. */
    private Drops dropped;

    /** The span of the attempt under way (or the last one). */
    private AttemptSpan attemptSpan = AttemptSpan.NONE;
    /** When the first byte of the answer went to the caller; 0 until then. */
    private long firstByteNanos;
    /** Whether the call's record went out (a call ends once, however many ways it is told it ended). */
    private boolean finished;

    Call(Setup setup, CallSpan span, ProtocolCodec client, Inbound inbound, long bodySize, InboundContext ctx,
         AttemptPlan plan, int estimatedInput, long startNanos) {
        this.setup = setup;
        this.span = span;
        this.client = client;
        this.inbound = inbound;
        this.request = inbound.request();
        this.model = inbound.model();
        this.stream = inbound.stream();
        this.bodySize = bodySize;
        this.ctx = ctx;
        this.plan = plan;
        this.estimatedInput = estimatedInput;
        this.startNanos = startNanos;
    }

    /**
     * Runs the call. A caller that goes away before the answer ends it as {@code cancelled}; a stream's end or
     * cancellation is recorded by the stream itself.
     */
    Uni<RoutedResponse> start() {
        return run().onCancellation().invoke(() -> {
            PooledEndpoint pe = plan.current();
            endAttempt("cancelled", 0, null, null);
            finish(pe, "cancelled", CallRecord.CLIENT_CLOSED, null, null);
        });
    }

    private Uni<RoutedResponse> run() {
        PooledEndpoint pe = plan.next();
        if (pe == null) {
            return Uni.createFrom().item(exhausted());
        }
        long backoff = plan.backoffMillis();
        Uni<RoutedResponse> attempt = backoff > 0
                // Nothing untried is left: the plan retries an endpoint after a jittered, capped delay.
                ? Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(backoff))
                        .onItem().transformToUni(v -> attempt(pe))
                : attempt(pe);
        // The client went away before an answer: give back a half-open probe permit that was never used.
        return attempt.onCancellation().invoke(plan::cancel);
    }

    private Uni<RoutedResponse> attempt(PooledEndpoint pe) {
        Endpoint ep = pe.endpoint();
        ProtocolCodec upstream = setup.codecs().of(ep.key().protocol());
        if (counting() && !upstream.countsTokens()) {
            return Uni.createFrom().item(estimatedCount(pe));
        }
        if (embedding()) {
            return encoded(ep, () -> encodeParts(ep, upstream), parts -> sendParts(pe, upstream, parts));
        }
        return encoded(ep, () -> encode(ep, upstream), upReq -> send(pe, upstream, upReq));
    }

    /**
     * Encodes the attempt's request, on a worker for a large body ({@link Offload}), and sends it; a request the
     * upstream cannot take (a {@link RouterException}) moves on to the next endpoint.
     */
    private <T> Uni<RoutedResponse> encoded(Endpoint ep, Supplier<T> encoder, Function<T, Uni<RoutedResponse>> sender) {
        if (setup.offload().wanted(bodySize)) {
            return setup.offload().run(encoder)
                    .onItemOrFailure().transformToUni((encoded, failure) -> failure instanceof RouterException e
                            ? unsupported(ep, e) : failure != null ? Uni.createFrom().failure(failure)
                            : sender.apply(encoded));
        }
        T encoded;
        try {
            encoded = encoder.get();
        } catch (RouterException e) {
            return unsupported(ep, e);
        }
        return sender.apply(encoded);
    }

    /**
     * The attempt's request. A converting attempt loses what the intermediate form has no place for and what the
     * upstream cannot take; in strict mode either refuses the attempt (a {@link RouterException}, as for a request
     * the upstream cannot express at all). What only the client's own protocol runs (OpenAI's built-in tools) refuses
     * every converting attempt.
     */
    private UpstreamRequest encode(Endpoint ep, ProtocolCodec upstream) {
        String model = ep.upstreamModel(this.model);
        Drops drops = Drops.forAttempt(setup.policy().strict(), client::fieldName);
        boolean forward = passthrough(ep);
        if (!forward) {
            client.checkConvertible(inbound.body());
            drops.replay(inbound.unmodelled());
            client.headersLost(inbound.headers(), drops);
        }
        Outbound out = new Outbound(model, ep.key(), drops, inbound.headers());
        UpstreamRequest upReq = counting() ? upstream.encodeCountRequest(request, forward ? inbound.body() : null, out)
                : forward ? upstream.passthroughRequest(inbound.body(), request, out)
                : upstream.encodeRequest(request, out);
        dropped = drops;
        return upReq;
    }

    /** This upstream cannot express the request (e.g. images for Cohere v1); another one may. */
    private Uni<RoutedResponse> unsupported(Endpoint ep, RouterException e) {
        plan.cancel();
        lastEncodingError = e;
        setup.listener().onFailover(setup.tenant(), ep.name(), "unsupported_request");
        return run();
    }

    private Uni<RoutedResponse> send(PooledEndpoint pe, ProtocolCodec upstream, UpstreamRequest encoded) {
        startAttempt(pe, encoded);
        // The trace context goes in the request itself, so every transport carries it.
        UpstreamRequest upReq = attemptSpan.propagate(encoded);
        Uni<RoutedResponse> result = stream
                ? setup.transport().stream(upReq).onItem().transformToUni(us -> onStream(pe, upstream, us))
                : setup.transport().send(upReq).onItem().transformToUni(r -> onResponse(pe, upstream, r));
        return result.onFailure().recoverWithUni(t -> onTransportFailure(pe, t));
    }

    private void startAttempt(PooledEndpoint pe, UpstreamRequest first) {
        Endpoint ep = pe.endpoint();
        attemptSpan = span.attempt(new AttemptStart(ep, plan.attempts(), ep.upstreamModel(model), first.url(),
                pe.failureBreaker(model).state()));
    }

    /**
     * Same protocol in and out: forward bodies untouched. Not for a Gemini client that wants the JSON-array stream
     * form, because upstream Gemini streams are always requested as SSE.
     */
    private boolean passthrough(Endpoint ep) {
        return ep.key().protocol() == client.protocol()
                && !(client.protocol() == Protocol.GEMINI && stream && !ctx.sse());
    }

    // ---- non-streamed -----------------------------------------------------------------------------------------

    private Uni<RoutedResponse> onResponse(PooledEndpoint pe, ProtocolCodec upstream, UpstreamResponse resp) {
        if (!resp.successful()) {
            return onError(pe, upstream, resp.status(), resp.headers(), resp.body());
        }
        Outcome outcome = setup.classifier().classify(resp.status(), resp.headers()::get, ErrorFacts.NONE);
        if (setup.offload().wanted(resp.body().length)) {
            return setup.offload().run(() -> convert(pe, upstream, resp))
                    .onItem().transformToUni(converted -> answer(pe, outcome, converted));
        }
        return answer(pe, outcome, convert(pe, upstream, resp));
    }

    /** An upstream's answer as the client gets it, with its token counts and what it said, for the trace. */
    private record Converted(byte[] body, TokenCounts counts, boolean accurate, Answer answer) {
    }

    /** Decodes a successful answer and encodes it for the client; null when the answer cannot be read. */
    private Converted convert(PooledEndpoint pe, ProtocolCodec upstream, UpstreamResponse resp) {
        if (counting()) {
            long counted;
            try {
                counted = upstream.decodeCount(resp.body());
            } catch (RuntimeException e) {
                return null;
            }
            int tokens = (int) Math.min(Integer.MAX_VALUE, counted);
            return new Converted(client.encodeCount(tokens), new TokenCounts(tokens, 0), true, null);
        }
        ChatResponse decoded;
        try {
            decoded = upstream.decodeResponse(resp.body());
        } catch (RuntimeException e) {
            return null;
        }
        boolean accurate = decoded.usage() != null;
        TokenCounts counts = accurate ? decoded.usage()
                : new TokenCounts(estimatedInput, setup.estimator().estimateResponse(decoded));
        boolean forwarded = passthrough(pe.endpoint());
        if (!forwarded) {
            client.answerLost(decoded, dropped);
        }
        byte[] body = forwarded ? resp.body()
                : client.encodeResponse(accurate ? decoded : decoded.withUsage(counts), request);
        return new Converted(body, counts, accurate, new Answer(decoded.model(), decoded.finishReason(), counts,
                setup.caller().captureContent() ? ContentCapture.clip(decoded.text()) : null));
    }

    private Uni<RoutedResponse> answer(PooledEndpoint pe, Outcome outcome, Converted converted) {
        if (converted == null) {
            return unreadable(pe);
        }
        plan.report(outcome);
        // A complete answer goes out in one write: its first byte is its last.
        firstByteNanos = System.nanoTime();
        if (counting()) {
            // Counting is free: the call has no usage to meter or bill.
            endAttempt("success", 200, null, null);
            finish(pe, "success", 200, null, null);
            return Uni.createFrom().item(Responses.count(converted.body(), pe.endpoint().name(), plan.attempts(),
                    converted.counts().inputTokens(), true, dropped.header()));
        }
        Usage usage = UsageMeter.of(converted.counts(), converted.accurate(), startNanos, pe.endpoint());
        endAttempt("success", 200, null, converted.answer());
        finish(pe, "success", 200, usage, converted.answer());
        return Uni.createFrom().item(Responses.answer(converted.body(), pe.endpoint().name(), plan.attempts(),
                usage, dropped.header()));
    }

    /** A 200 we cannot read is the upstream's fault, not the caller's. */
    private Uni<RoutedResponse> unreadable(PooledEndpoint pe) {
        return failOver(pe, Outcome.retryable("unreadable answer"), 200, ApiError.of(ErrorKind.BAD_GATEWAY,
                "upstream " + pe.endpoint().name() + " returned an unreadable answer"));
    }

    private boolean counting() {
        return inbound.operation() == Operation.COUNT_TOKENS;
    }

    /**
     * A count for an endpoint whose protocol has none: the router's estimate of the input that endpoint would be
     * sent, at once and without an upstream attempt (the endpoint's probe permit, if it had one, is given back).
     */
    private RoutedResponse estimatedCount(PooledEndpoint pe) {
        plan.cancel();
        return estimatedCount(pe, 0);
    }

    /** The router's estimate as the count answer of {@code pe}, after {@code attempts} upstream attempts. */
    private RoutedResponse estimatedCount(PooledEndpoint pe, int attempts) {
        dropped = Drops.recording();
        finish(pe, "success", 200, null, null);
        return Responses.count(client.encodeCount(estimatedInput), pe.endpoint().name(), attempts, estimatedInput,
                false, null);
    }

    /**
     * Whether a count endpoint's error says it does not exist rather than that the request is wrong: any 405, and a
     * 404 whose message does not name the model (a provider's "model not found" is the caller's error, as for chat).
     */
    private boolean countUnsupported(int status, ApiError error, Endpoint ep) {
        if (status == 405) {
            return true;
        }
        if (status != 404) {
            return false;
        }
        String message = error.message() == null ? "" : error.message().toLowerCase(Locale.ROOT);
        return !message.contains("model") && !message.contains(ep.upstreamModel(model)
                .toLowerCase(Locale.ROOT));
    }

    // ---- embeddings -------------------------------------------------------------------------------------------

    private boolean embedding() {
        return inbound.operation() == Operation.EMBEDDINGS;
    }

    /** An embeddings attempt's requests: the batch split in order into parts the upstream takes. */
    private record Parts(List<EmbeddingRequest> requests, List<UpstreamRequest> encoded) {
    }

    /**
     * The embeddings request as the upstream takes it, in parts of at most its maximum of inputs; like a chat
     * request, a converting attempt loses (or in strict mode refuses) what the upstream cannot take.
     */
    private Parts encodeParts(Endpoint ep, ProtocolCodec upstream) {
        if (!upstream.embeds()) {
            throw RouterException.invalidRequest("an upstream of " + upstream.protocol().configName()
                    + " has no embeddings");
        }
        EmbeddingsCodec codec = upstream.embeddings();
        Drops drops = Drops.forAttempt(setup.policy().strict(), client::fieldName);
        drops.replay(inbound.unmodelled());
        Outbound out = new Outbound(ep.upstreamModel(model), ep.key(), drops, inbound.headers());
        List<EmbeddingRequest> parts = EmbeddingBatches.split(inbound.embeddings(), codec.maxInputs());
        List<UpstreamRequest> encoded = new ArrayList<>(parts.size());
        for (EmbeddingRequest part : parts) {
            encoded.add(codec.encodeRequest(part, out));
        }
        dropped = drops;
        return new Parts(parts, encoded);
    }

    /**
     * Sends the parts one after the other, as one attempt: an error answer or failure of any part ends the attempt
     * the way a chat answer's would (the caller's error relayed, or a failover that sends the whole batch to the next
     * endpoint), so the caller never gets a partial answer (docs/routing.md, "Embeddings").
     */
    private Uni<RoutedResponse> sendParts(PooledEndpoint pe, ProtocolCodec upstream, Parts parts) {
        startAttempt(pe, parts.encoded().get(0));
        return sendPart(pe, upstream, parts, 0, new ArrayList<>(parts.requests().size()), 0)
                .onFailure().recoverWithUni(t -> onTransportFailure(pe, t));
    }

    private Uni<RoutedResponse> sendPart(PooledEndpoint pe, ProtocolCodec upstream, Parts parts, int i,
                                         List<EmbeddingResponse> answered, long answerBytes) {
        UpstreamRequest upReq = attemptSpan.propagate(parts.encoded().get(i));
        return setup.transport().send(upReq).onItem().transformToUni(resp -> {
            if (!resp.successful()) {
                return onError(pe, upstream, resp.status(), resp.headers(), resp.body());
            }
            EmbeddingRequest sent = parts.requests().get(i);
            return offloaded(resp.body().length, () -> decodePart(upstream, resp.body(), sent))
                    .onItem().transformToUni(part -> {
                        if (part == null) {
                            return unreadable(pe);
                        }
                        // The caller's answer is held whole: it stays within the limit of an upstream's answer, and
                        // a larger one fails over like an upstream answer over it would.
                        long bytes = answerBytes + EmbeddingValues.writtenBytes(part,
                                inbound.embeddings().typesOrFloat());
                        long limit = setup.limits().maxResponseBytes();
                        if (bytes > limit) {
                            return onTransportFailure(pe, new UpstreamFault(UpstreamFault.Kind.RESPONSE_TOO_LARGE,
                                    "embeddings answer of over " + bytes + " bytes for the caller, over "
                                            + "max-response-size of " + limit));
                        }
                        answered.add(part);
                        if (i + 1 < parts.encoded().size()) {
                            return sendPart(pe, upstream, parts, i + 1, answered, bytes);
                        }
                        Outcome outcome = setup.classifier().classify(resp.status(), resp.headers()::get,
                                ErrorFacts.NONE);
                        EmbeddingResponse joined = EmbeddingBatches.join(answered);
                        return offloaded(bytes, () -> embedded(joined)).onItem()
                                .transformToUni(converted -> answer(pe, outcome, converted));
                    });
        });
    }

    /** {@code work}, on a worker when {@code size} bytes are worth moving off the event loop ({@link Offload}). */
    private <T> Uni<T> offloaded(long size, Supplier<T> work) {
        return setup.offload().wanted(size) ? setup.offload().run(work) : Uni.createFrom().item(work.get());
    }

    /** One part's answer; null when it cannot be read (or does not hold one embedding per input). */
    private static EmbeddingResponse decodePart(ProtocolCodec upstream, byte[] body, EmbeddingRequest sent) {
        try {
            return upstream.embeddings().decodeResponse(body, sent);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The joined embeddings answer as the client gets it. */
    private Converted embedded(EmbeddingResponse joined) {
        int tokens = (int) Math.min(Integer.MAX_VALUE, joined.inputTokens());
        TokenCounts counts = new TokenCounts(tokens, 0);
        byte[] body = client.embeddings().encodeResponse(joined, inbound.embeddings());
        return new Converted(body, counts, joined.usageAccurate(), new Answer(joined.model(), null, counts, null));
    }

    // ---- streamed ---------------------------------------------------------------------------------------------

    private Uni<RoutedResponse> onStream(PooledEndpoint pe, ProtocolCodec upstream, UpstreamStream us) {
        UpstreamLimits limits = setup.limits();
        if (!us.successful()) {
            // Collect the (small, and bounded) error body so it can be classified and converted.
            return us.readBody(limits.maxResponseBytes()).onItem()
                    .transformToUni(body -> onError(pe, upstream, us.status(), us.headers(), body));
        }
        StreamDecoder decoder = upstream.streamDecoder(limits.frames());
        String contentType = us.headers().get("content-type");
        if (!decoder.accepts(contentType)) {
            us.discard();
            return Uni.createFrom().failure(new UpstreamFault(UpstreamFault.Kind.NOT_A_STREAM,
                    "streamed request answered with content type " + (contentType == null ? "(none)"
                            : "'" + clip(contentType) + "'") + " (protocol " + upstream.protocol().configName() + ")"));
        }
        StreamPipeline pipeline = new StreamPipeline(decoder, client.streamEncoder(request, ctx),
                passthrough(pe.endpoint()), client, request, ctx, setup.estimator(), estimatedInput,
                limits.frames().maxEventBytes(), setup.caller().captureContent(), dropped);
        return pipeline.open(us.body(), t -> log(Logger.Level.WARN, "Upstream %s of tenant %s failed mid-stream: %s",
                        pe.endpoint().name(), setup.tenant(), FailureText.describe(t)))
                .onItem().transform(opened -> {
                    // The upstream's first event arrived: the call is committed to this endpoint.
                    plan.report(Outcome.success("stream opened"));
                    Multi<byte[]> frames = opened.onItem().invoke(this::firstByte)
                            .onTermination().invoke((failure, cancelled) -> {
                        if (failure != null || pipeline.failed()) {
                            pe.failureBreaker(model).markFailure();
                        }
                        String outcome = cancelled ? "cancelled" : pipeline.failed() ? "stream_error" : "success";
                        Answer answer = pipeline.answer();
                        endAttempt(outcome, 200, pipeline.failed() ? "stream_error" : null, answer);
                        finish(pe, outcome, 200, UsageMeter.of(pipeline.counts(), pipeline.accurate(), startNanos,
                                pe.endpoint()), answer);
                    });
                    return Responses.stream(pipeline.contentType(), frames, pe.endpoint().name(), plan.attempts(),
                            dropped.header());
                })
                .onFailure(StreamPipeline.ErrorBeforeStream.class).recoverWithUni(e ->
                        onErrorBeforeStream(pe, e.error()));
    }

    // ---- failures ---------------------------------------------------------------------------------------------

    /**
     * An upstream's error answer, its body read once by the upstream protocol's error reader: the classifier weighs
     * what it says with the status and headers. The caller gets its message only when the error is the caller's own;
     * otherwise the status and the provider's code ({@link UpstreamErrors}). The whole body goes to the log, redacted.
     */
    private Uni<RoutedResponse> onError(PooledEndpoint pe, ProtocolCodec upstream, int status, HeaderLookup headers,
                                        byte[] body) {
        Endpoint ep = pe.endpoint();
        DecodedError decoded = upstream.decodeError(status, body);
        ApiError error = decoded.error();
        Outcome outcome = setup.classifier().classify(status, headers::get, decoded.facts());
        Logger.Level level = switch (outcome.kind()) {
            case CALLER_ERROR -> Logger.Level.DEBUG;
            case RATE_LIMITED -> Logger.Level.INFO;
            default -> Logger.Level.WARN;
        };
        if (LOG.isEnabled(level)) {
            log(level, "Upstream %s of tenant %s answered %d (%s: %s): %s", ep.name(), setup.tenant(), status,
                    outcome.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '), outcome.reason(),
                    UpstreamErrors.logged(body, ep.key().apiKey()));
        }
        if (counting() && countUnsupported(status, error, ep)) {
            // A provider or proxy without the count endpoint: the endpoint is healthy, and the caller (which counts
            // on every turn) gets the estimate it would get from an endpoint that counts no tokens.
            plan.report(Outcome.callerError("count not supported"));
            endAttempt("count_unsupported", status, Integer.toString(status), null);
            return Uni.createFrom().item(estimatedCount(pe, plan.attempts()));
        }
        if (outcome.kind() == Outcome.Kind.CALLER_ERROR) {
            // The upstream is healthy; the caller's request is wrong. Same answer from any endpoint: no retry.
            plan.report(outcome);
            endAttempt("caller_error", status, Integer.toString(status), null);
            finish(pe, "caller_error", status, null, null);
            return Uni.createFrom().item(Responses.error(client, UpstreamErrors.relayed(error, ep.key().apiKey()), -1,
                    ep.name(), plan.attempts()));
        }
        return failOver(pe, outcome, status, UpstreamErrors.withheld(error, ep.name(), status));
    }

    /**
     * The upstream's own error event came in place of its stream's first event: handled as an answer with that
     * error's status would be (nothing reached the caller yet).
     */
    private Uni<RoutedResponse> onErrorBeforeStream(PooledEndpoint pe, ApiError error) {
        Outcome outcome = setup.classifier().classify(error);
        if (outcome.kind() != Outcome.Kind.CALLER_ERROR) {
            return failOver(pe, outcome, 200, error);
        }
        // In-stream errors carry the stream's 200 or none: the caller gets the status of the error's class.
        int status = error.status() / 100 == 4 ? error.status() : error.kind().defaultStatus();
        plan.report(outcome);
        endAttempt("caller_error", 200, Integer.toString(status), null);
        finish(pe, "caller_error", status, null, null);
        return Uni.createFrom().item(Responses.error(client, new ApiError(error.kind(), status, error.message(),
                error.code()), -1, pe.endpoint().name(), plan.attempts()));
    }

    private Uni<RoutedResponse> onTransportFailure(PooledEndpoint pe, Throwable t) {
        if (t instanceof RouterException re) {
            // Refused by the SSRF guard at connect time: this endpoint cannot be used at all.
            return failOver(pe, Outcome.badKey("ssrf refused"), 0, re.error());
        }
        Outcome outcome = setup.classifier().classify(t);
        // The caller sees only the class of failure (messages can name internal hosts); operators need the rest.
        log(Logger.Level.WARN, "Upstream %s of tenant %s gave no answer (%s): %s", pe.endpoint().name(),
                setup.tenant(), outcome.reason(), FailureText.describe(t));
        ErrorKind kind = Timeouts.isTimeout(t) ? ErrorKind.TIMEOUT : ErrorKind.BAD_GATEWAY;
        return failOver(pe, outcome, 0, ApiError.of(kind, "upstream " + pe.endpoint().name() + ": "
                + outcome.reason()));
    }

    /**
     * The attempt failed in a way another attempt may mend ({@code status}: the upstream's, 0 when it gave none):
     * ends its span and moves on.
     */
    private Uni<RoutedResponse> failOver(PooledEndpoint pe, Outcome outcome, int status, ApiError error) {
        String failureClass = outcome.kind().name().toLowerCase(Locale.ROOT);
        endAttempt(failureClass, status, status > 0 && status != 200 ? Integer.toString(status)
                : outcome.reason().replace(' ', '_'), null);
        plan.report(outcome);
        if (outcome.kind() == Outcome.Kind.RATE_LIMITED) {
            minRetryAfterMillis = minRetryAfterMillis < 0 ? outcome.retryAfterMillis()
                    : Math.min(minRetryAfterMillis, outcome.retryAfterMillis());
        } else {
            onlyRateLimited = false;
        }
        lastFailure = error;
        setup.listener().onFailover(setup.tenant(), pe.endpoint().name(), failureClass);
        return run();
    }

    private RoutedResponse exhausted() {
        RoutedResponse response;
        String outcome;
        if (lastFailure == null && lastEncodingError != null) {
            response = Responses.error(client, lastEncodingError);
            outcome = "invalid_request";
        } else if (lastFailure == null) {
            Exhaustion why = plan.why();
            String echoed = Echo.of(model);
            if (why == Exhaustion.ALL_RATE_LIMITED) {
                response = Responses.error(client, ApiError.of(ErrorKind.RATE_LIMITED,
                        "every endpoint serving '" + echoed + "' is rate limited; retry later"),
                        plan.retryAfterMillis(), null, plan.attempts());
                outcome = "rate_limited";
            } else {
                response = Responses.error(client, ApiError.of(ErrorKind.UNAVAILABLE,
                        "every endpoint serving '" + echoed + "' is unavailable (circuit open)"), -1, null,
                        plan.attempts());
                outcome = "unavailable";
            }
        } else if (onlyRateLimited) {
            response = Responses.error(client, ApiError.of(ErrorKind.RATE_LIMITED,
                    "every endpoint tried for '" + Echo.of(model) + "' is rate limited; retry later"),
                    minRetryAfterMillis, null, plan.attempts());
            outcome = "rate_limited";
        } else {
            response = Responses.error(client, new ApiError(ErrorKind.BAD_GATEWAY, 502, "all " + plan.attempts()
                    + " attempts failed; last: " + lastFailure.message(), lastFailure.code()), -1, null,
                    plan.attempts());
            outcome = "bad_gateway";
        }
        finish(null, outcome, response.status(), null, null);
        return response;
    }

    /** A header value for the log, cut to a line's length. */
    private static String clip(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }

    /** The first frame of a stream is going to the caller. */
    private void firstByte(byte[] frame) {
        if (firstByteNanos == 0) {
            firstByteNanos = System.nanoTime();
        }
    }

    private void endAttempt(String outcome, int status, String errorType, Answer answer) {
        AttemptSpan ending = attemptSpan;
        attemptSpan = AttemptSpan.NONE;
        ending.end(new AttemptEnd(outcome, status, errorType, answer));
    }

    /**
     * The call ended ({@code pe}: the endpoint that answered, or null): its record goes to the span and the listener,
     * once.
     */
    private void finish(PooledEndpoint pe, String outcome, int status, Usage usage, Answer answer) {
        if (finished) {
            return;
        }
        finished = true;
        Endpoint ep = pe == null ? null : pe.endpoint();
        Set<String> droppedNames = Set.of();
        if (ep != null && dropped != null) {
            dropped.log(client.protocol().configName(), ep.key().protocol().configName());
            droppedNames = dropped.names();
        }
        long latency = usage != null ? usage.latencyMs() : (System.nanoTime() - startNanos) / 1_000_000L;
        long ttft = firstByteNanos == 0 ? -1 : (firstByteNanos - startNanos) / 1_000_000L;
        CallRecord record = new CallRecord(setup.tenant(), ep == null ? null : ep.name(), client.protocol(),
                ep == null ? null : ep.key().protocol(), outcome, status, plan.attempts(), usage, stream,
                setup.caller().keyName(), model, ep == null ? null : ep.upstreamModel(model),
                latency, ttft, span.traceId(), droppedNames, inbound.operation());
        span.end(record, answer);
        setup.listener().onCall(record);
        if (setup.settlement() != null) {
            // Tokens and cost as used: a cancelled stream's are what was decoded up to then; no answer, nothing.
            setup.settlement().settle(usage == null ? 0 : usage.inputTokens() + usage.outputTokens(),
                    usage == null ? 0 : usage.costUsd());
        }
    }

    /** One of the router's own log lines about this call, with its trace id in the logging context. */
    private void log(Logger.Level level, String format, Object... params) {
        TraceLog.with(span.traceId(), () -> LOG.logf(level, format, params));
    }
}
