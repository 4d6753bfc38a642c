package io.llmrouter.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.breaker.CircuitBreaker;
import io.llmrouter.core.breaker.ManualTicker;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.routing.ScriptedTransport.Answer;
import io.llmrouter.core.selection.EndpointPool;
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.stream.SseEvent;
import io.llmrouter.core.stream.SseParser;
import io.llmrouter.core.testing.CapturedLog;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.upstream.UpstreamLimits;
import io.llmrouter.core.upstream.UpstreamTransport;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import io.llmrouter.core.wire.UpstreamResponse;
import io.llmrouter.core.wire.UpstreamStream;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streams are verified, not trusted. Before anything reaches the caller, an upstream 200 that is not a stream of its
 * protocol, or whose stream is empty, garbage or an error event, fails over like any failed attempt (same protocol
 * included) and counts against the endpoint. After the first frame, a stream that breaks ends with the caller's
 * protocol's error, never with a normal stop, and counts as a failure.
 */
class StreamVerificationTest {

    private static final UpstreamLimits LIMITS = new UpstreamLimits(4096, new FrameLimits(2048, 2048),
            Duration.ofMinutes(1));
    private static final String OPENAI_STREAM = Fixtures.text("openai/stream_text.sse");
    private static final String ANTHROPIC_STREAM = Fixtures.text("anthropic/stream_text.sse");

    private final ManualTicker ticker = new ManualTicker();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final RecordingListener listener = new RecordingListener();
    private final List<CallRecord> calls = listener.calls;
    private final List<String> failovers = listener.failovers;

    private LlmRouter router(UpstreamTransport t) {
        return new LlmRouter(Codecs.defaults(), t, new TokenEstimator(), new FailureClassifier(), listener,
                Offload.NEVER, LIMITS);
    }

    private static Endpoint endpoint(String name, Protocol protocol, String model, double price) {
        return new Endpoint(name, new Key(protocol, "https://" + name + ".example", "secret-" + name), model,
                Set.of(), price, price, new CircuitBreakerConfig(3, Duration.ofSeconds(60)));
    }

    /** A cheap endpoint that misbehaves and a dearer one that answers a recorded stream, both of {@code protocol}. */
    private EndpointPool badThenGood(Protocol protocol) {
        String model = protocol == Protocol.GEMINI ? "gemini-2.0-flash" : null;
        return new EndpointPool(List.of(endpoint("bad", protocol, model, 0.001),
                endpoint("good", Protocol.OPENAI, null, 0.01)), 3, ticker);
    }

    private static byte[] request(Protocol client) {
        String body = switch (client) {
            case ANTHROPIC -> "{\"model\":\"m\",\"max_tokens\":50,\"stream\":true,\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"Hi\"}]}";
            case GEMINI -> "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}";
            case COHERE -> "{\"model\":\"m\",\"stream\":true,\"message\":\"Hi\"}";
            default -> "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        };
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static InboundContext context(Protocol client, boolean sse) {
        return client == Protocol.GEMINI ? InboundContext.gemini("m", true, sse) : InboundContext.BODY_ONLY;
    }

    private RoutedResponse call(UpstreamTransport t, EndpointPool pool, Protocol client, boolean sse) {
        return router(t).route("t", pool, request(client), client, context(client, sse))
                .await().atMost(Duration.ofSeconds(5));
    }

    private static String text(RoutedResponse r) {
        assertTrue(r instanceof RoutedResponse.Streamed,
                () -> r.status() + " " + new String(Answers.body(r), StandardCharsets.UTF_8));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Answers.frames(r).collect().asList().await().atMost(Duration.ofSeconds(5))
                .forEach(f -> all.write(f, 0, f.length));
        return all.toString(StandardCharsets.UTF_8);
    }

    private static List<byte[]> chunks(String text) {
        return List.of(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer answer(String contentType, String body) {
        return new Answer(200, contentType == null ? Map.of() : Map.of("Content-Type", contentType), chunks(body),
                null);
    }

    /** An OpenAI stream cut before its finish chunk: its text, then the end of the connection. */
    private static String cutOpenAiStream() {
        return OPENAI_STREAM.substring(0, OPENAI_STREAM.lastIndexOf("data: ",
                OPENAI_STREAM.indexOf("\"finish_reason\":\"stop\"")));
    }

    // ---- before the first event: fail over -------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "application/json", "text/plain", "none"})
    void aSameProtocol200ThatIsNotAnEventStreamFailsOverAndCountsAgainstTheEndpoint(String contentType) {
        EndpointPool pool = badThenGood(Protocol.OPENAI);
        String body = contentType.equals("application/json")
                ? "{\"error\":{\"message\":\"internal\",\"type\":\"server_error\"}}" : "<html><body>busy</body></html>";
        transport.on("https://bad.example", answer(contentType.equals("none") ? null : contentType, body))
                .on("https://good.example", Answer.stream(chunks(OPENAI_STREAM)));

        for (int i = 0; i < 3; i++) {
            RoutedResponse r = call(transport, pool, Protocol.OPENAI, true);
            assertEquals(200, r.status());
            assertEquals("good", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
            assertEquals("2", r.headers().get(RoutedResponse.ATTEMPTS_HEADER));
            assertEquals(OPENAI_STREAM, text(r), "the good endpoint's stream, byte for byte");
        }
        assertEquals(List.of("bad:retryable", "bad:retryable", "bad:retryable"), failovers);
        // The endpoint passes the model through: a broken answer counts against the model's breaker.
        assertEquals(CircuitBreaker.State.OPEN, pool.byName().get("bad").failureBreaker("m").state(),
                "three failures open it");
    }

    /** The content type is checked before the body: even a proper stream under another label is not taken. */
    @ParameterizedTest
    @ValueSource(strings = {"application/json", "none"})
    void aStreamUnderAnotherContentTypeIsNotTaken(String contentType) {
        EndpointPool pool = badThenGood(Protocol.OPENAI);
        transport.on("https://bad.example", answer(contentType.equals("none") ? null : contentType, OPENAI_STREAM))
                .on("https://good.example", Answer.stream(chunks(OPENAI_STREAM)));

        List<LogRecord> logged = new ArrayList<>();
        RoutedResponse r = capture(logged, () -> call(transport, pool, Protocol.OPENAI, true));

        assertEquals("good", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals("Upstream bad of tenant t gave no answer (not a stream): UpstreamFault: streamed request "
                + "answered with content type " + (contentType.equals("none") ? "(none)" : "'application/json'")
                + " (protocol openai)", logged.get(0).getMessage());
    }

    /** What comes before a stream's first event counts against the event limit: comments cannot pile up. */
    @Test
    void bytesBeforeTheFirstEventAreHeldOnlyUpToTheEventLimit() {
        EndpointPool pool = badThenGood(Protocol.OPENAI);
        List<byte[]> comments = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            comments.add(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8)); // 14 bytes each, 2800 in all
        }
        comments.add(OPENAI_STREAM.getBytes(StandardCharsets.UTF_8));
        transport.on("https://bad.example", Answer.stream(comments))
                .on("https://good.example", Answer.stream(chunks(OPENAI_STREAM)));

        List<LogRecord> logged = new ArrayList<>();
        RoutedResponse r = capture(logged, () -> call(transport, pool, Protocol.OPENAI, true));

        assertEquals("good", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals("Upstream bad of tenant t gave no answer (event over max-event-size): UpstreamFault: no event "
                + "in the first 2048 bytes of the stream (router.upstream.max-event-size)", logged.get(0).getMessage());
    }

    /** Right content type, wrong body: caught by the decoder before the first byte goes out. */
    @ParameterizedTest
    @ValueSource(strings = {"", "<!DOCTYPE html>\n<html><body>Bad gateway</body></html>\n",
            "{\"error\":{\"message\":\"overloaded\"}}", "data: not json\n\n", "\n\n\n: only comments\n\n",
            "data: [DONE]\n\n"})
    void aSameProtocolEventStreamWithoutAFirstEventFailsOver(String body) {
        EndpointPool pool = badThenGood(Protocol.OPENAI);
        transport.on("https://bad.example", answer("text/event-stream", body))
                .on("https://good.example", Answer.stream(chunks(OPENAI_STREAM)));

        List<LogRecord> logged = new ArrayList<>();
        RoutedResponse r = capture(logged, () -> call(transport, pool, Protocol.OPENAI, true));

        assertEquals("good", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals(OPENAI_STREAM, text(r));
        assertEquals(List.of("bad:retryable"), failovers);
        assertEquals(1, logged.size(), "one WARN for the failed attempt: " + logged);
        assertTrue(logged.get(0).getMessage().startsWith("Upstream bad of tenant t gave no answer ("),
                logged.get(0).getMessage());
    }

    /** Converted streams too: an empty or HTML 200 never becomes an empty message with end_turn. */
    @ParameterizedTest
    @ValueSource(strings = {"", "<html><body>Bad gateway</body></html>", "data: {\"truncated\n\n", "data: [DONE]\n\n"})
    void aConvertedStreamWithoutAFirstEventFailsOver(String body) {
        EndpointPool pool = badThenGood(Protocol.OPENAI);
        transport.on("https://bad.example", answer("text/event-stream", body))
                .on("https://good.example", Answer.stream(chunks(OPENAI_STREAM)));

        RoutedResponse r = call(transport, pool, Protocol.ANTHROPIC, true);

        assertEquals("good", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
        String sse = text(r);
        assertTrue(sse.contains("\"text\":\"I'm\""), sse);
        assertTrue(sse.trim().endsWith("data: {\"type\":\"message_stop\"}"), sse);
    }

    @Test
    void anErrorEventInPlaceOfTheFirstEventFailsOverByItsClass() {
        EndpointPool pool = badThenGood(Protocol.ANTHROPIC);
        transport.on("https://bad.example", Answer.stream(chunks(Fixtures.text(
                        "anthropic/stream_error_event_sdk_test.sse"))))
                .on("https://good.example", Answer.stream(chunks(OPENAI_STREAM)));

        RoutedResponse r = call(transport, pool, Protocol.ANTHROPIC, true);

        assertEquals("good", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals(List.of("bad:retryable"), failovers, "overloaded_error is the upstream's trouble");
        assertTrue(text(r).contains("message_stop"));
    }

    @Test
    void aRateLimitErrorEventFirstCoolsTheEndpointAndACallersErrorIsAnsweredAtOnce() {
        EndpointPool pool = badThenGood(Protocol.ANTHROPIC);
        transport.on("https://bad.example", Answer.stream(chunks("event: error\ndata: {\"type\":\"error\",\"error\":"
                        + "{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}\n\n")))
                .on("https://good.example", Answer.stream(chunks(OPENAI_STREAM)));
        assertEquals("good", call(transport, pool, Protocol.ANTHROPIC, true).headers()
                .get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals(List.of("bad:rate_limited"), failovers);

        ScriptedTransport invalid = new ScriptedTransport().on("https://bad.example", Answer.stream(chunks(
                "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                        + "\"message\":\"prompt is too long\"}}\n\n")));
        RoutedResponse r = call(invalid, badThenGood(Protocol.ANTHROPIC), Protocol.OPENAI, true);
        assertEquals(400, r.status());
        assertInstanceOf(RoutedResponse.Complete.class, r);
        assertEquals("prompt is too long", json(Answers.body(r)).at("/error/message").asText());
        assertEquals(0, invalid.calls("https://good.example"), "the caller's mistake is not retried elsewhere");
    }

    @Test
    void anErrorBodyThatNeverEndsIsReadOnlyToTheSizeLimit() {
        EndpointPool pool = badThenGood(Protocol.OPENAI);
        List<Long> sent = new ArrayList<>(List.of(0L));
        UpstreamTransport endless = new ScriptedAround(transport) {
            @Override
            public Uni<UpstreamStream> stream(UpstreamRequest request) {
                if (!request.url().startsWith("https://bad.example")) {
                    return super.stream(request);
                }
                // 10 MB where 4 KB are allowed: a body that, as far as the router can tell, never ends.
                Multi<byte[]> endless = Multi.createBy().repeating().supplier(() -> new byte[1000]).atMost(10_000)
                        .onItem().invoke(b -> sent.set(0, sent.get(0) + b.length));
                return Uni.createFrom().item(new UpstreamStream(503, name -> null, endless));
            }
        };
        transport.on("https://good.example", Answer.stream(chunks(OPENAI_STREAM)));

        RoutedResponse r = call(endless, pool, Protocol.OPENAI, true);

        assertEquals("good", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals(List.of("bad:retryable"), failovers);
        assertEquals(5000, sent.get(0), "read until the 4096-byte limit was passed, then stopped");
    }

    /** Forwarded bytes wait for the first event; the call is not answered before it. */
    @Test
    void nothingGoesOutBeforeTheFirstEventAndThenEverythingHeldGoesAtOnce() {
        UnicastProcessor<byte[]> upstream = UnicastProcessor.create();
        UpstreamTransport live = new ScriptedAround(transport) {
            @Override
            public Uni<UpstreamStream> stream(UpstreamRequest request) {
                return Uni.createFrom().item(new UpstreamStream(200, name -> "text/event-stream", upstream));
            }
        };
        EndpointPool pool = new EndpointPool(List.of(endpoint("only", Protocol.OPENAI, null, 0.001)), 3, ticker);
        CompletableFuture<RoutedResponse> answered = router(live).route("t", pool, request(Protocol.OPENAI),
                Protocol.OPENAI, InboundContext.BODY_ONLY).subscribeAsCompletionStage();

        upstream.onNext(": waiting for the model\n\n".getBytes(StandardCharsets.UTF_8));
        String firstEvent = OPENAI_STREAM.substring(0, OPENAI_STREAM.indexOf("\n\n") + 2);
        upstream.onNext(firstEvent.substring(0, 40).getBytes(StandardCharsets.UTF_8));
        assertFalse(answered.isDone(), "no event yet: the caller has no answer, the call could still fail over");

        upstream.onNext(firstEvent.substring(40).getBytes(StandardCharsets.UTF_8));
        RoutedResponse r = answered.join();
        upstream.onNext(OPENAI_STREAM.substring(firstEvent.length()).getBytes(StandardCharsets.UTF_8));
        upstream.onComplete();
        List<byte[]> frames = Answers.frames(r).collect().asList().await().atMost(Duration.ofSeconds(5));
        assertEquals(": waiting for the model\n\n" + firstEvent, new String(frames.get(0), StandardCharsets.UTF_8),
                "the held bytes, as one write");
        assertEquals(": waiting for the model\n\n" + OPENAI_STREAM, String.join("", frames.stream()
                .map(f -> new String(f, StandardCharsets.UTF_8)).toList()));
        assertEquals("success", calls.get(calls.size() - 1).outcome());
    }

    // ---- after the first event: the caller's error ------------------------------------------------------------

    /** Each client protocol ends a broken stream with its own error form, never with a normal stop. */
    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"OPENAI", "ANTHROPIC", "GEMINI", "COHERE", "COHERE_V2"})
    void aConvertedStreamCutBeforeItsEndMarkerEndsWithTheClientsErrorEvent(Protocol client) {
        assertCutStreamEndsInError(client, true);
        if (client == Protocol.GEMINI) {
            calls.clear();
            assertCutStreamEndsInError(client, false);
        }
    }

    private void assertCutStreamEndsInError(Protocol client, boolean sse) {
        // An OpenAI upstream behind every client, so that only the OpenAI client's stream is forwarded as is.
        EndpointPool pool = new EndpointPool(List.of(endpoint("up", Protocol.OPENAI, null, 0.001)), 3, ticker);
        ScriptedTransport cut = new ScriptedTransport().on("https://up.example", Answer.stream(chunks(
                cutOpenAiStream())));

        List<LogRecord> logged = new ArrayList<>();
        RoutedResponse r = capture(logged, () -> call(cut, pool, client, sse));
        String body = text(r);

        assertEquals(200, r.status());
        switch (client) {
            case OPENAI -> {
                assertTrue(body.startsWith(cutOpenAiStream()), "the upstream's bytes, untouched: " + body);
                assertFalse(body.contains("[DONE]") || body.contains("\"finish_reason\":\"stop\""), body);
                JsonNode last = lastSseData(body);
                assertEquals("upstream stream failed: the upstream's stream ended before it was complete",
                        last.at("/error/message").asText(), body);
            }
            case ANTHROPIC -> {
                List<SseEvent> events = sse(body);
                assertEquals("error", events.get(events.size() - 1).event(), body);
                assertFalse(body.contains("message_stop") || body.contains("end_turn"), body);
            }
            case GEMINI -> {
                JsonNode last = sse ? lastSseData(body) : lastArrayElement(body);
                assertEquals(502, last.at("/error/code").asInt(), body);
                assertFalse(body.contains("\"STOP\""), body);
            }
            case COHERE -> {
                String[] lines = body.trim().split("\n");
                JsonNode end = Json.tryParse(lines[lines.length - 1]);
                assertEquals("stream-end", end.path("event_type").asText(), body);
                assertEquals("ERROR", end.path("finish_reason").asText(), body);
            }
            case COHERE_V2 -> {
                JsonNode last = lastSseData(body.replace("data: [DONE]", ""));
                assertEquals("message-end", last.path("type").asText(), body);
                assertEquals("ERROR", last.at("/delta/finish_reason").asText(), body);
                assertFalse(body.contains("COMPLETE"), body);
            }
            default -> throw new AssertionError(client);
        }
        CallRecord record = calls.get(calls.size() - 1);
        assertEquals("stream_error", record.outcome(), "a failure in the call record");
        assertEquals(1, logged.size());
        assertEquals("Upstream up of tenant t failed mid-stream: UpstreamFault: OpenAI stream ended without a "
                + "finish_reason or [DONE]", logged.get(0).getMessage());
        assertEquals(1, pool.byName().get("up").failureBreaker("m").consecutiveFailures(), "counted for the breaker");
    }

    @Test
    void aSameProtocolStreamCutMidEventGetsItsErrorEventOnALineOfItsOwn() {
        EndpointPool pool = new EndpointPool(List.of(endpoint("up", Protocol.ANTHROPIC, "claude", 0.001)), 3,
                ticker);
        String cut = ANTHROPIC_STREAM.substring(0, ANTHROPIC_STREAM.indexOf("\"text\":\"The weather") + 10);
        ScriptedTransport t = new ScriptedTransport().on("https://up.example", Answer.stream(chunks(cut)));

        String body = text(call(t, pool, Protocol.ANTHROPIC, true));

        assertTrue(body.startsWith(cut), body);
        // Read whole, as the client reads it: the error event is not swallowed by the line the upstream left open.
        List<SseEvent> events = sse(body);
        SseEvent last = events.get(events.size() - 1);
        assertEquals("error", last.event(), body);
        assertEquals("api_error", Json.tryParse(last.data()).at("/error/type").asText());
    }

    @Test
    void anEventOverTheLimitAfterTheFirstEndsTheStreamWithOneWarning() {
        EndpointPool pool = new EndpointPool(List.of(endpoint("up", Protocol.OPENAI, null, 0.001)), 3, ticker);
        String first = OPENAI_STREAM.substring(0, OPENAI_STREAM.indexOf("\n\n") + 2);
        List<byte[]> chunks = new ArrayList<>(List.of(first.getBytes(StandardCharsets.UTF_8)));
        byte[] endless = new byte[100];
        Arrays.fill(endless, (byte) 'x');
        chunks.add("data: {\"choices\":[{\"delta\":{\"content\":\"".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 1000; i++) {
            chunks.add(endless); // one line that never ends, far past the 2048-byte limits
        }
        ScriptedTransport t = new ScriptedTransport().on("https://up.example", Answer.stream(chunks));

        List<LogRecord> logged = new ArrayList<>();
        RoutedResponse r = capture(logged, () -> call(t, pool, Protocol.ANTHROPIC, true));
        String body = text(r);

        List<SseEvent> events = sse(body);
        assertEquals("message_start", events.get(0).event());
        assertEquals("error", events.get(events.size() - 1).event());
        assertEquals("upstream stream failed: the upstream sent a line over the size limit",
                Json.tryParse(events.get(events.size() - 1).data()).at("/error/message").asText());
        assertEquals(1, logged.size(), "one WARN, not one per chunk");
        assertEquals(Level.WARNING, logged.get(0).getLevel());
        assertEquals("Upstream up of tenant t failed mid-stream: UpstreamFault: line longer than 2048 bytes "
                + "(router.upstream.max-line-size)", logged.get(0).getMessage());
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static RoutedResponse capture(List<LogRecord> into, java.util.function.Supplier<RoutedResponse> call) {
        RoutedResponse[] r = new RoutedResponse[1];
        into.addAll(CapturedLog.of(Call.class, () -> {
            r[0] = call.get();
            if (r[0] instanceof RoutedResponse.Streamed s) {
                // The stream's own warnings come as it is read: read it here, keep the bytes for the test.
                List<byte[]> frames = s.frames().collect().asList().await().atMost(Duration.ofSeconds(5));
                r[0] = new RoutedResponse.Streamed(s.contentType(), s.headers(), Multi.createFrom().iterable(frames));
            }
        }));
        return r[0];
    }

    private static JsonNode json(byte[] body) {
        return Json.tryParse(new String(body, StandardCharsets.UTF_8));
    }

    private static List<SseEvent> sse(String body) {
        List<SseEvent> events = new ArrayList<>();
        SseParser p = new SseParser(events::add);
        p.feed(body.getBytes(StandardCharsets.UTF_8));
        p.end();
        return events;
    }

    private static JsonNode lastSseData(String body) {
        List<SseEvent> events = sse(body);
        return Json.tryParse(events.get(events.size() - 1).data());
    }

    private static JsonNode lastArrayElement(String body) {
        JsonNode array = Json.tryParse(body);
        assertTrue(array != null && array.isArray(), "a complete JSON array: " + body);
        return array.get(array.size() - 1);
    }

    /** A transport that answers from the script unless a test overrides one of its methods. */
    private static class ScriptedAround implements UpstreamTransport {

        private final ScriptedTransport script;

        ScriptedAround(ScriptedTransport script) {
            this.script = script;
        }

        @Override
        public Uni<UpstreamResponse> send(UpstreamRequest request) {
            return script.send(request);
        }

        @Override
        public Uni<UpstreamStream> stream(UpstreamRequest request) {
            return script.stream(request);
        }
    }
}
