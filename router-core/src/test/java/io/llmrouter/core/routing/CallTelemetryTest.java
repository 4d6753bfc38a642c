package io.llmrouter.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.breaker.ManualTicker;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.routing.ScriptedTransport.Answer;
import io.llmrouter.core.selection.EndpointPool;
import io.llmrouter.core.telemetry.AttemptEnd;
import io.llmrouter.core.telemetry.AttemptSpan;
import io.llmrouter.core.telemetry.AttemptStart;
import io.llmrouter.core.telemetry.CallRecord;
import io.llmrouter.core.telemetry.CallSpan;
import io.llmrouter.core.telemetry.CallTracer;
import io.llmrouter.core.telemetry.Caller;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.upstream.UpstreamLimits;
import io.llmrouter.core.upstream.UpstreamTransport;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import io.llmrouter.core.wire.UpstreamResponse;
import io.llmrouter.core.wire.UpstreamStream;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a call tells its tracer and its listener: an attempt span per upstream attempt whose context reaches the
 * transport in the request, each ended with its outcome, and one call record however the call ends, a caller that
 * went away included.
 */
class CallTelemetryTest {

    private static final byte[] REQUEST = """
            {"model":"gpt-4o","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}"""
            .getBytes(StandardCharsets.UTF_8);
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

    private final RecordingListener listener = new RecordingListener();
    private final RecordingTracer tracer = new RecordingTracer();

    /** Records what the router tells it; each attempt adds a header naming its number. */
    static final class RecordingTracer implements CallTracer {
        final List<String> events = new ArrayList<>();
        final List<AttemptStart> starts = new ArrayList<>();
        final List<AttemptEnd> ends = new ArrayList<>();
        final List<CallRecord> ended = new ArrayList<>();

        @Override
        public CallSpan start(Caller caller, Protocol clientProtocol) {
            events.add("start " + caller.tenant() + " " + caller.keyName());
            return new CallSpan() {
                @Override
                public AttemptSpan attempt(AttemptStart start) {
                    starts.add(start);
                    return new AttemptSpan() {
                        @Override
                        public UpstreamRequest propagate(UpstreamRequest request) {
                            Map<String, String> headers = new LinkedHashMap<>(request.headers());
                            headers.put("traceparent", "attempt-" + start.number());
                            return new UpstreamRequest(request.url(), headers, request.body(), request.stream());
                        }

                        @Override
                        public void end(AttemptEnd end) {
                            ends.add(end);
                        }
                    };
                }

                @Override
                public void end(CallRecord record, io.llmrouter.core.telemetry.Answer answer) {
                    ended.add(record);
                    events.add("end " + record.outcome() + (answer == null ? "" : " " + answer.model()));
                }

                @Override
                public String traceId() {
                    return TRACE_ID;
                }
            };
        }
    }

    private static Endpoint endpoint(String name, Protocol protocol, double price) {
        return new Endpoint(name, new Key(protocol, "https://" + name + ".example", "secret-" + name), "m-" + name,
                Set.of(), price, price, new CircuitBreakerConfig(3, Duration.ofSeconds(60)));
    }

    private LlmRouter router(UpstreamTransport transport) {
        return new LlmRouter(Codecs.defaults(), transport, new TokenEstimator(), new FailureClassifier(), listener,
                Offload.NEVER, UpstreamLimits.DEFAULTS, tracer);
    }

    private static Caller caller() {
        return new Caller("t", "api-keys[1]", name -> null, false);
    }

    @Test
    void eachAttemptHasASpanWhoseContextTheUpstreamGets() {
        ScriptedTransport transport = new ScriptedTransport()
                .on("https://a.example", Answer.status(503, "{\"error\":{\"message\":\"busy\"}}", Map.of()))
                .on("https://b.example", Answer.ok(Fixtures.bytes("anthropic/response_text.json")));
        EndpointPool pool = new EndpointPool(List.of(endpoint("a", Protocol.OPENAI, 0.001),
                endpoint("b", Protocol.ANTHROPIC, 0.002)), 3, new ManualTicker());

        RoutedResponse r = router(transport).route(caller(), pool, REQUEST, Protocol.OPENAI,
                InboundContext.BODY_ONLY, CallPolicy.DEFAULTS).await().atMost(Duration.ofSeconds(5));

        assertEquals(200, r.status());
        assertEquals(List.of("attempt-1", "attempt-2"),
                transport.requests.stream().map(q -> q.headers().get("traceparent")).toList());
        assertEquals(List.of(1, 2), tracer.starts.stream().map(AttemptStart::number).toList());
        assertEquals(List.of("a", "b"), tracer.starts.stream().map(s -> s.endpoint().name()).toList());
        assertEquals("m-a", tracer.starts.get(0).upstreamModel());
        assertEquals("https://a.example/v1/chat/completions", tracer.starts.get(0).url());
        assertEquals(List.of("retryable", "success"), tracer.ends.stream().map(AttemptEnd::outcome).toList());
        assertEquals(503, tracer.ends.get(0).status());
        assertEquals("503", tracer.ends.get(0).errorType());
        assertNull(tracer.ends.get(1).errorType());
        assertEquals("claude-haiku-4-5-20251001", tracer.ends.get(1).answer().model());
        assertEquals(List.of("start t api-keys[1]", "end success claude-haiku-4-5-20251001"), tracer.events);

        CallRecord record = listener.calls.get(0);
        assertEquals(tracer.ended, listener.calls, "the span and the listener hear of the same record");
        assertEquals("api-keys[1]", record.keyName());
        assertEquals("gpt-4o", record.requestModel());
        assertEquals("m-b", record.upstreamModel());
        assertEquals(TRACE_ID, record.traceId());
        assertEquals(2, record.attempts());
        assertTrue(record.ttftMillis() >= 0 && record.ttftMillis() <= record.latencyMillis(), record.toString());
        assertEquals(Set.of(), record.dropped());
    }

    @Test
    void aCallerThatGoesAwayBeforeTheAnswerEndsTheCallAsCancelled() {
        UpstreamTransport silent = new UpstreamTransport() {
            @Override
            public Uni<UpstreamResponse> send(UpstreamRequest request) {
                return Uni.createFrom().nothing();
            }

            @Override
            public Uni<UpstreamStream> stream(UpstreamRequest request) {
                return Uni.createFrom().nothing();
            }
        };
        EndpointPool pool = new EndpointPool(List.of(endpoint("a", Protocol.OPENAI, 0.001)), 3, new ManualTicker());

        Cancellable call = router(silent).route(caller(), pool, REQUEST, Protocol.OPENAI, InboundContext.BODY_ONLY,
                CallPolicy.DEFAULTS).subscribe().with(r -> { });
        assertEquals(List.of(), listener.calls, "nothing is recorded while the call waits");
        call.cancel();

        assertEquals(1, listener.calls.size());
        CallRecord record = listener.calls.get(0);
        assertEquals("cancelled", record.outcome());
        assertEquals(CallRecord.CLIENT_CLOSED, record.status());
        assertEquals("a", record.endpoint());
        assertNull(record.usage());
        assertEquals(-1, record.ttftMillis());
        assertEquals(List.of("cancelled"), tracer.ends.stream().map(AttemptEnd::outcome).toList());
        assertEquals(List.of("start t api-keys[1]", "end cancelled"), tracer.events);
    }
}
