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
import io.llmrouter.core.selection.PooledEndpoint;
import io.llmrouter.core.testing.CapturedLog;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.usage.TokenEstimator;
import io.vertx.core.http.StreamResetException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The call path of the router without HTTP: selection, conversion, failover, breaker and usage, scripted. */
class LlmRouterTest {

    private static final byte[] OPENAI_REQUEST = """
            {"model":"gpt-4o","max_tokens":50,"unknown_field":{"kept":true},
             "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]}"""
            .getBytes(StandardCharsets.UTF_8);

    /** A streamed request, sent by an Anthropic client. */
    private static final byte[] STREAM_REQUEST = """
            {"model":"gpt-4o","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"hi"}]}"""
            .getBytes(StandardCharsets.UTF_8);

    private final ManualTicker ticker = new ManualTicker();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final RecordingListener listener = new RecordingListener();
    private final List<CallRecord> calls = listener.calls;
    private final List<String> failovers = listener.failovers;
    private final LlmRouter router = new LlmRouter(Codecs.defaults(), transport, new TokenEstimator(),
            new FailureClassifier(), listener);

    private static Endpoint endpoint(String name, Protocol protocol, String model, double in, double out) {
        return new Endpoint(name, new Key(protocol, "https://" + name + ".example", "secret-" + name), model,
                Set.of(), in, out, new CircuitBreakerConfig(3, Duration.ofSeconds(60)));
    }

    private EndpointPool pool(Endpoint... endpoints) {
        return new EndpointPool(Arrays.asList(endpoints), 3, ticker);
    }

    private RoutedResponse call(EndpointPool pool, byte[] body, Protocol client) {
        return router.route("t", pool, body, client, io.llmrouter.core.wire.InboundContext.BODY_ONLY)
                .await().atMost(Duration.ofSeconds(5));
    }

    /** The upstream at {@code url} streams its first event of a recorded OpenAI stream, then fails. */
    private void firstEventThenFailure(String url, Throwable failure) {
        String first = Fixtures.text("openai/stream_tool_call.sse").split("\n\n")[0] + "\n\n";
        transport.on(url, Answer.streamThenFail(List.of(first.getBytes(StandardCharsets.UTF_8)), failure));
    }

    /** The Anthropic client's stream for {@link #STREAM_REQUEST}, whole. */
    private String streamed(EndpointPool pool) {
        return Answers.frames(call(pool, STREAM_REQUEST, Protocol.ANTHROPIC)).collect().asList()
                .await().atMost(Duration.ofSeconds(5)).stream().map(b -> new String(b, StandardCharsets.UTF_8))
                .reduce("", String::concat);
    }

    private static JsonNode json(byte[] body) {
        return Json.tryParse(new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void cheapestEndpointAnswersInTheClientsProtocolWithUsageHeaders() {
        EndpointPool pool = pool(endpoint("claude", Protocol.ANTHROPIC, "claude-haiku-4-5", 0.001, 0.005),
                endpoint("gpt", Protocol.OPENAI, null, 0.002, 0.008));
        transport.on("https://claude.example", Answer.ok(Fixtures.bytes("anthropic/response_text.json")));

        RoutedResponse r = call(pool, OPENAI_REQUEST, Protocol.OPENAI);

        assertEquals(200, r.status());
        assertEquals("claude", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals("1", r.headers().get(RoutedResponse.ATTEMPTS_HEADER));
        JsonNode body = json(Answers.body(r));
        assertEquals("chat.completion", body.path("object").asText());
        assertEquals("stop", body.at("/choices/0/finish_reason").asText());
        assertTrue(Answers.usage(r).accurate());
        assertEquals(body.at("/usage/prompt_tokens").asLong(), Answers.usage(r).inputTokens());
        assertEquals("true", r.headers().get(RoutedResponse.USAGE_ACCURATE_HEADER));
        double expectedCost = (0.001 * Answers.usage(r).inputTokens() + 0.005 * Answers.usage(r).outputTokens())
                / 1000;
        assertEquals(expectedCost, Answers.usage(r).costUsd(), 1e-12);
        // The upstream got an Anthropic request for its own model, with the system prompt at top level.
        JsonNode sent = json(transport.requests.get(0).body());
        assertEquals("claude-haiku-4-5", sent.path("model").asText());
        assertEquals("Be brief.", sent.path("system").isTextual() ? sent.path("system").asText()
                : sent.at("/system/0/text").asText());
        assertEquals(0, transport.calls("https://gpt.example"));
    }

    @Test
    void sameProtocolForwardsTheClientsBodyWithOnlyTheModelRewritten() {
        EndpointPool pool = pool(endpoint("gpt", Protocol.OPENAI, "gpt-4o-mini", 0.001, 0.001));
        transport.on("https://gpt.example", Answer.ok(Fixtures.bytes("openai/response_text.json")));

        RoutedResponse r = call(pool, OPENAI_REQUEST, Protocol.OPENAI);

        JsonNode sent = json(transport.requests.get(0).body());
        assertEquals("gpt-4o-mini", sent.path("model").asText());
        assertTrue(sent.at("/unknown_field/kept").asBoolean(), "unknown fields survive passthrough");
        assertEquals(new String(Fixtures.bytes("openai/response_text.json"), StandardCharsets.UTF_8),
                new String(Answers.body(r), StandardCharsets.UTF_8));
    }

    @Test
    void retryableFailureFailsOverToTheNextCheapestAndCountsForTheBreaker() {
        EndpointPool pool = pool(endpoint("cheap", Protocol.OPENAI, "gpt-4o-mini", 0.001, 0.001),
                endpoint("dear", Protocol.OPENAI, null, 0.01, 0.01));
        transport.on("https://cheap.example", Answer.status(503, "{\"error\":{\"message\":\"overloaded\"}}", Map.of()))
                .on("https://dear.example", Answer.ok(Fixtures.bytes("openai/response_text.json")));

        for (int i = 0; i < 3; i++) {
            RoutedResponse r = call(pool, OPENAI_REQUEST, Protocol.OPENAI);
            assertEquals(200, r.status());
            assertEquals("dear", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
            assertEquals("2", r.headers().get(RoutedResponse.ATTEMPTS_HEADER));
        }
        CircuitBreaker breaker = pool.byName().get("cheap").breaker();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        // Open: the cheapest is skipped without a call.
        RoutedResponse r = call(pool, OPENAI_REQUEST, Protocol.OPENAI);
        assertEquals("1", r.headers().get(RoutedResponse.ATTEMPTS_HEADER));
        assertEquals(3, transport.calls("https://cheap.example"));
        // After the recovery timeout exactly one probe goes through; it fails and the breaker re-opens.
        ticker.advance(Duration.ofSeconds(61));
        call(pool, OPENAI_REQUEST, Protocol.OPENAI);
        call(pool, OPENAI_REQUEST, Protocol.OPENAI);
        assertEquals(4, transport.calls("https://cheap.example"));
        assertEquals(List.of("cheap:retryable", "cheap:retryable", "cheap:retryable", "cheap:retryable"), failovers);
    }

    @Test
    void callersOwnErrorIsReturnedConvertedWithoutRetry() {
        EndpointPool pool = pool(endpoint("claude", Protocol.ANTHROPIC, "claude-haiku-4-5", 0.001, 0.001),
                endpoint("gpt", Protocol.OPENAI, null, 0.01, 0.01));
        transport.on("https://claude.example", Answer.status(400,
                Fixtures.text("anthropic/error_400_invalid_request.json"), Map.of()));

        RoutedResponse r = call(pool, OPENAI_REQUEST, Protocol.OPENAI);

        assertEquals(400, r.status());
        JsonNode error = json(Answers.body(r)).path("error");
        assertEquals("invalid_request_error", error.path("type").asText());
        assertFalse(error.path("message").asText().isBlank());
        assertEquals(0, transport.calls("https://gpt.example"));
        assertEquals(CircuitBreaker.State.CLOSED, pool.byName().get("claude").breaker().state());
        assertEquals("caller_error", calls.get(0).outcome());
    }

    @Test
    void badUpstreamKeyForcesTheBreakerOpenAndFailsOver() {
        EndpointPool pool = pool(endpoint("cheap", Protocol.OPENAI, null, 0.001, 0.001),
                endpoint("dear", Protocol.OPENAI, null, 0.01, 0.01));
        transport.on("https://cheap.example", Answer.status(401,
                        Fixtures.text("constructed/openai/error_401_invalid_api_key.json"), Map.of()))
                .on("https://dear.example", Answer.ok(Fixtures.bytes("openai/response_text.json")));

        assertEquals("dear", call(pool, OPENAI_REQUEST, Protocol.OPENAI).headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals(CircuitBreaker.State.OPEN, pool.byName().get("cheap").breaker().state());
        call(pool, OPENAI_REQUEST, Protocol.OPENAI);
        assertEquals(1, transport.calls("https://cheap.example"), "a bad key is not tried again");
    }

    @Test
    void rateLimitedEverywhereAnswers429WithRetryAfter() {
        EndpointPool pool = pool(endpoint("a", Protocol.OPENAI, null, 0.001, 0.001),
                endpoint("b", Protocol.ANTHROPIC, "claude", 0.002, 0.002));
        transport.on("https://a.example", Answer.status(429, Fixtures.text("constructed/openai/error_429_rate_limit.json"),
                        Map.of("Retry-After", "7")))
                .on("https://b.example", Answer.status(429, Fixtures.text("anthropic/error_429_rate_limit.json"),
                        Map.of("retry-after-ms", "2500")));

        RoutedResponse r = call(pool, OPENAI_REQUEST, Protocol.OPENAI);

        assertEquals(429, r.status());
        assertEquals("3", r.headers().get("Retry-After"), "shortest cooldown, rounded up to seconds");
        // Both endpoints are cooling now: no upstream is called until the cooldown passes.
        RoutedResponse again = call(pool, OPENAI_REQUEST, Protocol.OPENAI);
        assertEquals(429, again.status());
        assertEquals(2, transport.requests.size());
        assertEquals(CircuitBreaker.State.CLOSED, pool.byName().get("a").breaker().state());
    }

    @Test
    void connectErrorsExhaustTheAttemptsWith502() {
        EndpointPool pool = pool(endpoint("a", Protocol.OPENAI, null, 0.001, 0.001));
        transport.on("https://a.example", Answer.fail(new ConnectException("Connection refused")));

        RoutedResponse r = call(pool, OPENAI_REQUEST, Protocol.OPENAI);

        assertEquals(502, r.status());
        assertTrue(json(Answers.body(r)).at("/error/message").asText().contains("attempts failed"));
        assertFalse(new String(Answers.body(r), StandardCharsets.UTF_8).contains("secret-a"), "no key leaks");
    }

    @Test
    void aFailureWithoutAnswerIsLoggedWithItsCausesWhileTheCallerGetsOnlyItsClass() {
        EndpointPool pool = pool(endpoint("a", Protocol.OPENAI, null, 0.001, 0.001));
        // How the Quarkus REST client reports a pooled connection closed under the request.
        transport.on("https://a.example", Answer.fail(new IllegalStateException(new IOException(
                "Connection was closed"))));

        List<RoutedResponse> answers = new ArrayList<>();
        List<LogRecord> logged = CapturedLog.of(Call.class,
                () -> answers.add(call(pool, OPENAI_REQUEST, Protocol.OPENAI)));

        assertEquals(3, logged.size(), "one line per failed attempt (the pool allows three)");
        for (LogRecord r : logged) {
            assertEquals(Level.WARNING, r.getLevel());
            assertEquals("Upstream a of tenant t gave no answer (connection closed): IllegalStateException <- "
                    + "IOException: Connection was closed", r.getMessage());
        }
        assertEquals("all 3 attempts failed; last: upstream a: connection closed",
                json(Answers.body(answers.get(0))).at("/error/message").asText());
    }

    @Test
    void aStreamThatFailsMidwayIsLoggedWithItsCause() {
        EndpointPool pool = pool(endpoint("gpt", Protocol.OPENAI, null, 0.001, 0.001));
        firstEventThenFailure("https://gpt.example", new IOException("Connection reset by peer"));

        List<LogRecord> logged = CapturedLog.of(Call.class, () -> streamed(pool));

        assertEquals(1, logged.size());
        assertEquals(Level.WARNING, logged.get(0).getLevel());
        assertEquals("Upstream gpt of tenant t failed mid-stream: IOException: Connection reset by peer",
                logged.get(0).getMessage());
        assertEquals("stream_error", calls.get(calls.size() - 1).outcome());
    }

    @Test
    void allBreakersOpenAnswers503InTheClientsFormat() {
        EndpointPool pool = pool(endpoint("a", Protocol.OPENAI, null, 0.001, 0.001));
        pool.byName().get("a").breaker().forceOpen();

        byte[] anthropicRequest = """
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}"""
                .getBytes(StandardCharsets.UTF_8);
        RoutedResponse r = call(pool, anthropicRequest, Protocol.ANTHROPIC);

        assertEquals("error", json(Answers.body(r)).path("type").asText());
        assertTrue(r.status() == 503 || r.status() == 529, "unavailable in Anthropic terms, got " + r.status());
        assertTrue(transport.requests.isEmpty());
    }

    @Test
    void unknownModelAndMalformedBodiesNeverReachAnUpstream() {
        Endpoint only = new Endpoint("a", new Key(Protocol.OPENAI, "https://a.example", "k"), null, Set.of("gpt-4o"),
                0.001, 0.001, null);
        EndpointPool pool = pool(only);

        RoutedResponse unknown = call(pool, "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"
                .getBytes(StandardCharsets.UTF_8), Protocol.OPENAI);
        assertEquals(404, unknown.status());
        assertEquals("model_not_found", json(Answers.body(unknown)).at("/error/code").asText());

        RoutedResponse malformed = call(pool, "{\"model\":".getBytes(StandardCharsets.UTF_8), Protocol.OPENAI);
        assertEquals(400, malformed.status());
        assertTrue(transport.requests.isEmpty());
    }

    @Test
    void streamsAreConvertedEventByEventAndGetEstimatedUsageWhenTheUpstreamReportsNone() {
        EndpointPool pool = pool(endpoint("gpt", Protocol.OPENAI, null, 0.001, 0.001));
        // A real OpenAI stream recorded without usage, cut into small pieces.
        String recorded = Fixtures.text("openai/stream_tool_call.sse").replaceAll("(?m)^data: \\{[^\\n]*\"usage\":\\{.*$\\n\\n", "");
        byte[] bytes = recorded.getBytes(StandardCharsets.UTF_8);
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += 17) {
            chunks.add(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 17)));
        }
        transport.on("https://gpt.example", Answer.stream(chunks));
        byte[] anthropicStream = """
                {"model":"gpt-4o","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"weather?"}]}"""
                .getBytes(StandardCharsets.UTF_8);

        RoutedResponse r = call(pool, anthropicStream, Protocol.ANTHROPIC);

        assertInstanceOf(RoutedResponse.Streamed.class, r);
        assertEquals("text/event-stream", r.contentType().split(";")[0]);
        List<byte[]> frames = Answers.frames(r).collect().asList().await().atMost(Duration.ofSeconds(5));
        assertTrue(frames.size() > 3, "frames are emitted as events arrive, not as one blob");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        frames.forEach(f -> all.write(f, 0, f.length));
        String sse = all.toString(StandardCharsets.UTF_8);
        assertTrue(sse.startsWith("event: message_start"), sse);
        assertTrue(sse.contains("\"type\":\"tool_use\""), sse);
        assertTrue(sse.contains("\"stop_reason\":\"tool_use\""), sse);
        assertTrue(sse.trim().endsWith("data: {\"type\":\"message_stop\"}"), sse);
        CallRecord record = calls.get(calls.size() - 1);
        assertEquals("success", record.outcome());
        assertFalse(record.usage().accurate(), "no usage upstream → estimated");
        assertTrue(record.usage().outputTokens() > 0);
    }

    // ---- upstream errors: what reaches the caller, what reaches the log ----------------------------------------

    /** OpenAI's 401 body, quoting the refused key as providers do: its prefix and last four characters. */
    private static final String KEY_401 = """
            {"error":{"message":"Incorrect API key provided: up-op****abcd. You can find your API key at \
            https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,\
            "code":"invalid_api_key"}}""";

    @Test
    void anUpstreamKeyErrorNeverReachesTheCallerAndIsLoggedRedacted() {
        EndpointPool pool = pool(endpoint("a", Protocol.OPENAI, "gpt-4o", 0.001, 0.001),
                endpoint("b", Protocol.OPENAI, "gpt-4o", 0.002, 0.002));
        transport.on("https://a.example", Answer.status(401, KEY_401, Map.of()))
                .on("https://b.example", Answer.status(401, KEY_401, Map.of()));

        List<RoutedResponse> answers = new ArrayList<>();
        List<LogRecord> logged = CapturedLog.of(Call.class,
                () -> answers.add(call(pool, OPENAI_REQUEST, Protocol.ANTHROPIC)));

        RoutedResponse r = answers.get(0);
        String body = new String(Answers.body(r), StandardCharsets.UTF_8);
        assertEquals(502, r.status());
        assertEquals("all 2 attempts failed; last: upstream b answered 401 (invalid_api_key)",
                json(Answers.body(r)).at("/error/message").asText());
        assertFalse(body.contains("up-op") || body.contains("abcd") || body.contains("Incorrect"), body);
        assertEquals(2, logged.size());
        for (LogRecord record : logged) {
            assertEquals(Level.WARNING, record.getLevel());
            String line = record.getMessage();
            assertTrue(line.contains(" answered 401 (bad key: status 401): {\"error\":{\"message\":"
                    + "\"Incorrect API key provided: [redacted]. You can find your API key at https://"), line);
            assertFalse(line.contains("up-op") || line.contains("abcd"), line);
        }
    }

    @Test
    void anUpstream5xxReachesTheCallerAsItsStatusAndCodeOnly() {
        EndpointPool pool = pool(endpoint("a", Protocol.ANTHROPIC, "claude-haiku-4-5", 0.001, 0.001));
        transport.on("https://a.example", Answer.status(529, """
                {"type":"error","error":{"type":"overloaded_error","message":"Overloaded: cluster eu-7 at 98%"}}""",
                Map.of()));

        RoutedResponse r = call(pool, OPENAI_REQUEST, Protocol.OPENAI);

        assertEquals(502, r.status());
        String message = json(Answers.body(r)).at("/error/message").asText();
        assertTrue(message.endsWith(" failed; last: upstream a answered 529 (overloaded_error)"), message);
    }

    @Test
    void aCallersOwnErrorKeepsItsMessageWithKeysMasked() {
        EndpointPool pool = pool(endpoint("gpt", Protocol.OPENAI, "gpt-4o", 0.001, 0.001));
        transport.on("https://gpt.example", Answer.status(400, """
                {"error":{"message":"max_tokens is too large: 50. Key secret-gpt, project key \
                sk-proj-Ab12Cd34Ef56Gh78, see https://x.example/?api_key=AIzaSyA1234567890abcdefghijkl","type":\
                "invalid_request_error","param":"max_tokens","code":null}}""", Map.of()));

        RoutedResponse r = call(pool, OPENAI_REQUEST, Protocol.OPENAI);

        assertEquals(400, r.status());
        assertEquals("max_tokens is too large: 50. Key [redacted], project key [redacted], see "
                + "https://x.example/?api_key=[redacted]", json(Answers.body(r)).at("/error/message").asText());
        assertEquals(1, transport.requests.size(), "the caller's own error is not retried");
    }

    @Test
    void aModelNameOfAMegabyteIsNotEchoedWholeWhenEveryEndpointIsOpen() {
        EndpointPool pool = pool(endpoint("a", Protocol.OPENAI, null, 0.001, 0.001));
        pool.byName().get("a").breaker().forceOpen();
        String model = "gpt-".repeat(1 << 18);

        RoutedResponse r = call(pool, ("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}]}").getBytes(StandardCharsets.UTF_8), Protocol.OPENAI);

        assertEquals(503, r.status());
        assertEquals("every endpoint serving '" + "gpt-".repeat(25) + "...' is unavailable (circuit open)",
                json(Answers.body(r)).at("/error/message").asText());
    }

    // ---- transport failures: named by class of failure --------------------------------------------------------

    @Test
    void aRequestResetForItsTimeoutIsATimeoutAndTheLoneEndpointIsNotCalledAgain() {
        EndpointPool pool = pool(endpoint("a", Protocol.OPENAI, "gpt-4o", 0.001, 0.001));
        // How the Vert.x transport ends a call whose first byte did not come in time.
        transport.on("https://a.example", Answer.fail(new StreamResetException(0,
                new TimeoutException("no response headers from upstream within 120 s"))));

        RoutedResponse r = call(pool, OPENAI_REQUEST, Protocol.OPENAI);

        assertEquals(502, r.status());
        assertEquals("all 1 attempts failed; last: upstream a: timeout",
                json(Answers.body(r)).at("/error/message").asText());
        assertEquals(1, transport.requests.size());
    }

    @Test
    void aStreamCutByItsIdleTimeoutEndsWithATimeoutError() {
        EndpointPool pool = pool(endpoint("gpt", Protocol.OPENAI, "gpt-4o", 0.001, 0.001));
        // How the Vert.x transport cuts a body that stays silent: a reset whose cause is the timeout.
        firstEventThenFailure("https://gpt.example",
                new StreamResetException(0, new TimeoutException("no data from upstream for 60 s")));

        String sse = streamed(pool);

        assertTrue(sse.contains("\"type\":\"timeout_error\",\"message\":\"upstream stream failed: no data within the "
                + "idle timeout\""), sse);
    }

    // ---- a lone candidate -------------------------------------------------------------------------------------

    @Test
    void aLoneEndpointIsNotCalledAgainAfterA5xx() {
        EndpointPool pool = pool(endpoint("a", Protocol.OPENAI, "gpt-4o", 0.001, 0.001));
        transport.on("https://a.example", Answer.status(503, "{\"error\":{\"message\":\"busy\"}}", Map.of()));

        RoutedResponse r = call(pool, OPENAI_REQUEST, Protocol.OPENAI);

        assertEquals(502, r.status());
        assertEquals("1", r.headers().get(RoutedResponse.ATTEMPTS_HEADER));
        assertEquals(1, transport.requests.size());
    }

    @Test
    void aLoneEndpointIsCalledAgainAfterAShortRateLimit() {
        EndpointPool pool = pool(endpoint("a", Protocol.OPENAI, "gpt-4o", 0.001, 0.001));
        List<Answer> answers = new ArrayList<>(List.of(
                Answer.status(429, Fixtures.text("constructed/openai/error_429_rate_limit.json"),
                        Map.of("retry-after-ms", "20")),
                Answer.ok(Fixtures.bytes("openai/response_text.json"))));
        transport.on("https://a.example", request -> answers.remove(0));

        RoutedResponse r = call(pool, OPENAI_REQUEST, Protocol.OPENAI);

        assertEquals(200, r.status());
        assertEquals("2", r.headers().get(RoutedResponse.ATTEMPTS_HEADER));
    }

    @Test
    void aLoneEndpointRateLimitedForLongerThanTheBackoffAnswers429() {
        EndpointPool pool = pool(endpoint("a", Protocol.OPENAI, "gpt-4o", 0.001, 0.001));
        transport.on("https://a.example", Answer.status(429,
                Fixtures.text("constructed/openai/error_429_rate_limit.json"), Map.of("Retry-After", "30")));

        RoutedResponse r = call(pool, OPENAI_REQUEST, Protocol.OPENAI);

        assertEquals(429, r.status());
        assertEquals("30", r.headers().get("Retry-After"));
        assertEquals(1, transport.requests.size());
    }

    // ---- breaker scope of an endpoint that passes the caller's model through ----------------------------------

    @Test
    void oneFailingModelDoesNotBenchAPassThroughEndpointForOtherModels() {
        EndpointPool pool = pool(endpoint("any", Protocol.OPENAI, null, 0.001, 0.001),
                endpoint("dear", Protocol.OPENAI, "gpt-4o", 0.01, 0.01));
        transport.on("https://any.example", request -> json(request.body()).path("model").asText().equals("broken")
                        ? Answer.status(500, "{\"error\":{\"message\":\"model crashed\"}}", Map.of())
                        : Answer.ok(Fixtures.bytes("openai/response_text.json")))
                .on("https://dear.example", Answer.ok(Fixtures.bytes("openai/response_text.json")));
        byte[] broken = new String(OPENAI_REQUEST, StandardCharsets.UTF_8).replace("gpt-4o", "broken")
                .getBytes(StandardCharsets.UTF_8);

        for (int i = 0; i < 3; i++) {
            assertEquals("dear", call(pool, broken, Protocol.OPENAI).headers().get(RoutedResponse.ENDPOINT_HEADER));
        }
        PooledEndpoint any = pool.byName().get("any");
        assertEquals(CircuitBreaker.State.OPEN, any.modelBreaker("broken").state());
        assertEquals(CircuitBreaker.State.CLOSED, any.breaker().state());
        assertEquals(Map.of("broken", CircuitBreaker.State.OPEN), any.modelsNotClosed());
        // The broken model is skipped without a call; every other model is still served by the cheapest.
        RoutedResponse skipped = call(pool, broken, Protocol.OPENAI);
        assertEquals("1", skipped.headers().get(RoutedResponse.ATTEMPTS_HEADER));
        assertEquals(3, transport.calls("https://any.example"));
        assertEquals("any", call(pool, OPENAI_REQUEST, Protocol.OPENAI).headers().get(RoutedResponse.ENDPOINT_HEADER));
    }

    @Test
    void aStreamThatBreaksCountsAgainstItsModelOnAPassThroughEndpoint() {
        EndpointPool pool = pool(endpoint("any", Protocol.OPENAI, null, 0.001, 0.001));
        firstEventThenFailure("https://any.example", new IOException("Connection reset by peer"));

        streamed(pool);

        PooledEndpoint any = pool.byName().get("any");
        assertEquals(1, any.modelBreaker("gpt-4o").consecutiveFailures());
        assertEquals(0, any.breaker().consecutiveFailures());
    }

    @Test
    void aBadKeyBenchesAPassThroughEndpointForEveryModel() {
        EndpointPool pool = pool(endpoint("any", Protocol.OPENAI, null, 0.001, 0.001),
                endpoint("dear", Protocol.OPENAI, "gpt-4o", 0.01, 0.01));
        transport.on("https://any.example", Answer.status(401, KEY_401, Map.of()))
                .on("https://dear.example", Answer.ok(Fixtures.bytes("openai/response_text.json")));
        byte[] other = new String(OPENAI_REQUEST, StandardCharsets.UTF_8).replace("gpt-4o", "other")
                .getBytes(StandardCharsets.UTF_8);

        assertEquals("dear", call(pool, OPENAI_REQUEST, Protocol.OPENAI).headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals(CircuitBreaker.State.OPEN, pool.byName().get("any").breaker().state());
        RoutedResponse r = call(pool, other, Protocol.OPENAI);
        assertEquals("dear", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals("1", r.headers().get(RoutedResponse.ATTEMPTS_HEADER));
        assertEquals(1, transport.calls("https://any.example"));
    }
}
