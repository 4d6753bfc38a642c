package io.llmrouter.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
import io.llmrouter.api.Operation;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.Usage;
import io.llmrouter.core.breaker.ManualTicker;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.governance.Dimension;
import io.llmrouter.core.governance.Governor;
import io.llmrouter.core.governance.LocalStateStore;
import io.llmrouter.core.governance.ManualWallClock;
import io.llmrouter.core.governance.Meter;
import io.llmrouter.core.governance.MeterKey;
import io.llmrouter.core.governance.Pass;
import io.llmrouter.core.governance.ScopeLimits;
import io.llmrouter.core.governance.SlotMeter;
import io.llmrouter.core.governance.StoreFailure;
import io.llmrouter.core.governance.Units;
import io.llmrouter.core.governance.Window;
import io.llmrouter.core.routing.ScriptedTransport.Answer;
import io.llmrouter.core.selection.EndpointPool;
import io.llmrouter.core.telemetry.CallRecord;
import io.llmrouter.core.telemetry.Caller;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.upstream.UpstreamLimits;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.InboundContext;
import io.smallrye.mutiny.subscription.Cancellable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Calls that hold a settlement of their key's limits: checked once decoded (allow-list, price ceiling, tokens and
 * budget), settled when they end with what they used, however they end.
 */
class GovernedCallsTest {

    private static final byte[] REQUEST = """
            {"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}""".getBytes(StandardCharsets.UTF_8);
    private static final byte[] STREAM_REQUEST = """
            {"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Hi"}]}"""
            .getBytes(StandardCharsets.UTF_8);

    private final ManualWallClock clock = new ManualWallClock(Instant.parse("2026-11-20T11:42:10Z"));
    private final LocalStateStore store = new LocalStateStore(clock);
    private final RecordingListener listener = new RecordingListener();
    private final SlotMeter slots = new SlotMeter(key(Dimension.CONCURRENCY), 10, store, StoreFailure.FAIL_OPEN);

    private static MeterKey key(Dimension d) {
        return new MeterKey("t", MeterKey.keyScope("ci"), d);
    }

    private Meter meter(Dimension d, long limit, Window w) {
        return new Meter(key(d), limit, w, store, StoreFailure.FAIL_OPEN, clock, Meter.DEFAULT_LEASE_FRACTION);
    }

    private static Endpoint endpoint(String name, double inputPrice) {
        return new Endpoint(name, new Key(Protocol.OPENAI, "https://" + name + ".example", "secret-" + name), null,
                Set.of(), inputPrice, inputPrice * 2, new CircuitBreakerConfig(3, Duration.ofSeconds(60)));
    }

    private LlmRouter router(ScriptedTransport transport) {
        return new LlmRouter(Codecs.defaults(), transport, new TokenEstimator(), new FailureClassifier(), listener,
                Offload.NEVER, UpstreamLimits.DEFAULTS);
    }

    private static Caller caller() {
        return new Caller("t", "ci", name -> null, false);
    }

    private Entitlement admitted(Governor governor) {
        Pass pass = governor.admit().await().indefinitely();
        return new Entitlement(null, assertInstanceOf(Pass.Admitted.class, pass).settlement());
    }

    private RoutedResponse route(ScriptedTransport transport, EndpointPool pool, byte[] body, Entitlement e) {
        return router(transport).route(caller(), pool, body, Protocol.OPENAI, InboundContext.BODY_ONLY,
                CallPolicy.DEFAULTS, Operation.CHAT, e).await().atMost(Duration.ofSeconds(5));
    }

    private static List<byte[]> streamChunks() {
        return List.of(Fixtures.bytes("openai/stream_text.sse"));
    }

    private static long tokens(Usage u) {
        return u.inputTokens() + u.outputTokens();
    }

    @Test
    void aStreamSettlesWithWhatItUsedWhenItEnds() {
        Meter tokens = meter(Dimension.TOKENS, 1_000, Window.MINUTE);
        Governor g = new Governor("t", null, new ScopeLimits("key", "ci", null, tokens, slots, null, 80, Double.NaN),
                clock);
        ScriptedTransport transport = new ScriptedTransport().on("https://a.example", Answer.stream(streamChunks()));
        EndpointPool pool = new EndpointPool(List.of(endpoint("a", 0.001)), 3, new ManualTicker());

        RoutedResponse r = route(transport, pool, STREAM_REQUEST, admitted(g));
        assertEquals(1, slots.inFlight(), "the slot is held while the stream runs");
        Answers.frames(r).collect().asList().await().atMost(Duration.ofSeconds(5));

        CallRecord record = listener.calls.get(0);
        assertEquals("success", record.outcome());
        assertEquals(tokens(record.usage()), Math.round(tokens.used() * 1_000), "the reservation became the usage");
        assertEquals(0, slots.inFlight(), "the slot is back when the stream ended");
    }

    @Test
    void aStreamThatEndsEarlyCountsWhatWasDecodedUntilThen() {
        Meter tokens = meter(Dimension.TOKENS, 1_000, Window.MINUTE);
        Governor g = new Governor("t", null, new ScopeLimits("key", "ci", null, tokens, slots, null, 80, Double.NaN),
                clock);
        String sse = new String(Fixtures.bytes("openai/stream_text.sse"), StandardCharsets.UTF_8);
        List<byte[]> events = new ArrayList<>();
        for (String event : sse.split("\n\n")) {
            events.add((event + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        ScriptedTransport transport = new ScriptedTransport().on("https://a.example",
                Answer.stream(events.subList(0, 4)));
        EndpointPool pool = new EndpointPool(List.of(endpoint("a", 0.001)), 3, new ManualTicker());

        RoutedResponse r = route(transport, pool, STREAM_REQUEST, admitted(g));
        Cancellable reading = Answers.frames(r).subscribe().with(frame -> { });
        reading.cancel();

        CallRecord record = listener.calls.get(0);
        // Cut after its fourth event, or cancelled by the reader: both end through the same settlement.
        assertTrue(List.of("cancelled", "stream_error").contains(record.outcome()), record.outcome());
        assertTrue(tokens(record.usage()) > 0);
        assertEquals(tokens(record.usage()), Math.round(tokens.used() * 1_000));
        assertEquals(0, slots.inFlight());
    }

    @Test
    void aModelOutsideTheKeysAllowListIsAnUnknownModel() {
        ScriptedTransport transport = new ScriptedTransport();
        EndpointPool pool = new EndpointPool(List.of(endpoint("a", 0.001)), 3, new ManualTicker());

        RoutedResponse r = route(transport, pool, REQUEST, new Entitlement(Set.of("gpt-4o-mini"), null));

        assertEquals(404, r.status());
        assertTrue(new String(Answers.body(r), StandardCharsets.UTF_8).contains("model_not_found"));
        assertEquals(List.of(), transport.requests);
        assertEquals(List.of("ci:key:model_not_allowed"), listener.refusals);
    }

    @Test
    void tokensOverTheLimitAreRefusedBeforeAnyUpstreamCallAndGiveTheSlotBack() {
        Meter tokens = meter(Dimension.TOKENS, 1, Window.MINUTE);
        Governor g = new Governor("t", null, new ScopeLimits("key", "ci", null, tokens, slots, null, 80, Double.NaN),
                clock);
        ScriptedTransport transport = new ScriptedTransport().on("https://a.example",
                Answer.ok(Fixtures.bytes("openai/response_text.json")));
        EndpointPool pool = new EndpointPool(List.of(endpoint("a", 0.001)), 3, new ManualTicker());
        assertEquals(200, route(transport, pool, REQUEST, admitted(g)).status());

        RoutedResponse refused = route(transport, pool, REQUEST, admitted(g));

        assertEquals(429, refused.status());
        assertEquals("50", refused.headers().get("Retry-After"), "seconds to the next minute");
        assertTrue(new String(Answers.body(refused), StandardCharsets.UTF_8)
                .contains("Token rate limit of key 'ci' exceeded"));
        assertEquals(1, transport.requests.size());
        assertEquals(0, slots.inFlight());
        assertEquals(List.of("ci:key:tokens_per_minute"), listener.refusals);
        assertEquals("refused", listener.calls.get(1).outcome());
    }

    @Test
    void pastTheSoftLimitACallIsPlannedUnderTheCeilingOrRefusedWhenNoEndpointQualifies() {
        Meter budget = meter(Dimension.BUDGET, Units.nanos(0.001), Window.MONTH);
        Governor g = new Governor("t", null, new ScopeLimits("key", "ci", null, null, null, budget, 1, 0.002), clock);
        ScriptedTransport transport = new ScriptedTransport()
                .on("https://cheap.example", Answer.ok(Fixtures.bytes("openai/response_text.json")))
                .on("https://dear.example", Answer.ok(Fixtures.bytes("openai/response_text.json")));
        EndpointPool pool = new EndpointPool(List.of(endpoint("cheap", 0.001), endpoint("dear", 0.01)), 3,
                new ManualTicker());
        EndpointPool dearOnly = new EndpointPool(List.of(endpoint("dear", 0.01)), 3, new ManualTicker());

        RoutedResponse first = route(transport, dearOnly, REQUEST, admitted(g));
        assertNull(first.headers().get(RoutedResponse.BUDGET_SOFT_LIMIT_HEADER), "not past the threshold yet");

        RoutedResponse soft = route(transport, pool, REQUEST, admitted(g));
        assertEquals(200, soft.status());
        assertEquals("key", soft.headers().get(RoutedResponse.BUDGET_SOFT_LIMIT_HEADER));
        assertEquals("0.002", soft.headers().get(RoutedResponse.DOWNGRADED_HEADER));
        assertEquals("2026-12-01T00:00:00Z", soft.headers().get(RoutedResponse.BUDGET_RESETS_HEADER));
        assertEquals("cheap", soft.headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals(List.of("ci:soft", "ci:downgraded"), listener.softLimits);

        RoutedResponse none = route(transport, dearOnly, REQUEST, admitted(g));
        assertEquals(429, none.status());
        assertTrue(new String(Answers.body(none), StandardCharsets.UTF_8).contains(
                "no endpoint for 'gpt-4o' at or below USD 0.002 per 1K input tokens"));
        assertEquals(List.of("ci:key:budget_downgrade"), listener.refusals);
        assertFalse(transport.requests.stream().skip(2).findAny().isPresent(), "the refused call reached nothing");
    }
}
