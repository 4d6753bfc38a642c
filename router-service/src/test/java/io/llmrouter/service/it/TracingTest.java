package io.llmrouter.service.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.llmrouter.service.it.TracedUpstreams.CACHE_READ_PRICE;
import static io.llmrouter.service.it.TracedUpstreams.CACHE_WRITE_PRICE;
import static io.llmrouter.service.it.TracedUpstreams.CHATTY_KEY;
import static io.llmrouter.service.it.TracedUpstreams.INPUT_PRICE;
import static io.llmrouter.service.it.TracedUpstreams.OUTPUT_PRICE;
import static io.llmrouter.service.it.TracedUpstreams.TRACED_KEY;
import static io.llmrouter.service.it.TracedUpstreams.TRACED_KEY_2;
import static io.llmrouter.service.it.TracedUpstreams.UPSTREAM_SECRET;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.testing.TestData;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.prometheus.client.exemplars.ExemplarSampler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.Socket;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traces, usage records and GenAI metrics of routed calls with tracing on: the span tree of a failover and of an
 * abandoned stream, the caller's trace context honoured and carried upstream, the usage record of a converted stream
 * with prompt-cache usage, and no key or prompt anywhere unless the tenant captures content.
 */
@QuarkusTest
@TestProfile(TracingProfile.class)
class TracingTest {

    static final String USAGE = "io.llmrouter.usage";
    static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER_SPAN = "00f067aa0ba902b7";
    static final String TRACEPARENT = "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01";
    static final String PROMPT = "What is the secret word zebra-quartz-9?";
    /** The fields of a usage record, in order, as docs/operations.md documents them. */
    static final List<String> USAGE_FIELDS = List.of("timestamp", "version", "trace_id", "tenant", "key_name",
            "client_protocol", "endpoint", "upstream_protocol", "request_model", "upstream_model", "streamed",
            "attempts", "outcome", "status", "input_tokens", "cached_input_tokens", "cache_write_tokens",
            "output_tokens", "reasoning_tokens", "usage_accurate", "cost_usd", "latency_ms", "ttft_ms",
            "dropped_fields");
    private static final ObjectMapper JSON = new ObjectMapper();

    WireMockServer wireMock;
    SlowUpstream slow;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    Optional<ExemplarSampler> exemplars;

    @BeforeEach
    void reset() {
        spans.reset();
    }

    static String body(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + (stream
                ? ",\"stream_options\":{\"include_usage\":true}" : "") + ",\"max_tokens\":200,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
    }

    static AttributeKey<String> str(String name) {
        return AttributeKey.stringKey(name);
    }

    static AttributeKey<Long> num(String name) {
        return AttributeKey.longKey(name);
    }

    /** The spans of one trace once its server span ended, server span first, then attempts in order. */
    List<SpanData> trace(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
                .sorted(Comparator.comparing((SpanData s) -> s.getKind() != SpanKind.SERVER)
                        .thenComparing(s -> s.getAttributes().get(num("router.attempt")),
                                Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    static JsonNode json(String line) throws Exception {
        return JSON.readTree(line);
    }

    /** m-fo: the OpenAI endpoint answers 503, the Anthropic one answers. */
    private void failingOverToAnthropic() {
        wireMock.stubFor(post(urlPathEqualTo("/fo-a/v1/chat/completions"))
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.text("constructed/gemini/error_503_unavailable.json"))));
        wireMock.stubFor(post(urlPathEqualTo("/fo-b/v1/messages"))
                .willReturn(okJson(Fixtures.text("anthropic/response_text.json"))));
    }

    /** m-cache: an Anthropic stream with prompt-cache reads and writes. */
    private void cachedAnthropicStream() {
        wireMock.stubFor(post(urlPathEqualTo("/cache-a/v1/messages"))
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                        .withBody(Fixtures.text("constructed/anthropic/stream_cache_write_and_read.sse"))));
    }

    /** A streamed call of {@code model} by {@link TracedUpstreams#TRACED_KEY}, read to its end. */
    private static String streamed(String model) {
        return given().header("Authorization", "Bearer " + TRACED_KEY).contentType("application/json")
                .body(body(model, true)).post("/v1/chat/completions").then().statusCode(200).extract().asString();
    }

    @Test
    void failoverIsOneServerSpanWithAClientSpanPerAttemptInTheCallersTrace() throws Exception {
        failingOverToAnthropic();
        try (LogCapture usage = LogCapture.of(USAGE)) {
            given().header("Authorization", "Bearer " + TRACED_KEY).header("traceparent", TRACEPARENT)
                    .contentType("application/json").body(body("m-fo", false)).post("/v1/chat/completions")
                    .then().statusCode(200).header("x-router-attempts", "2");
            JsonNode record = json(usage.nextLine(l -> l.contains("\"endpoint\":\"fo-b\"")));
            assertEquals(CALLER_TRACE, record.get("trace_id").asText());
            assertEquals(2, record.get("attempts").asInt());
        }
        List<SpanData> tree = trace(CALLER_TRACE);
        assertEquals(3, tree.size(), "one server span, one client span per attempt: " + tree);
        SpanData server = tree.get(0);
        SpanData first = tree.get(1);
        SpanData second = tree.get(2);
        assertEquals(SpanKind.SERVER, server.getKind());
        assertEquals("chat m-fo", server.getName());
        assertEquals(CALLER_SPAN, server.getParentSpanId(), "the caller's traceparent is the parent");
        assertEquals("chat", server.getAttributes().get(str("gen_ai.operation.name")));
        assertEquals("m-fo", server.getAttributes().get(str("gen_ai.request.model")));
        assertEquals(200L, server.getAttributes().get(num("gen_ai.request.max_tokens")));
        assertEquals("anthropic", server.getAttributes().get(str("gen_ai.provider.name")));
        assertEquals("claude-haiku-4-5-20251001", server.getAttributes().get(str("gen_ai.response.model")));
        assertEquals(List.of("stop"), server.getAttributes().get(AttributeKey.stringArrayKey(
                "gen_ai.response.finish_reasons")));
        assertEquals(705L, server.getAttributes().get(num("gen_ai.usage.input_tokens")));
        assertEquals(25L, server.getAttributes().get(num("gen_ai.usage.output_tokens")));
        assertEquals("traced", server.getAttributes().get(str("router.tenant")));
        assertEquals("api-keys[0]", server.getAttributes().get(str("router.key_name")));
        assertEquals("fo-b", server.getAttributes().get(str("router.endpoint")));
        assertEquals(2L, server.getAttributes().get(num("router.attempts")));
        assertEquals("success", server.getAttributes().get(str("router.outcome")));
        assertNull(server.getAttributes().get(str("error.type")));

        for (SpanData attempt : List.of(first, second)) {
            assertEquals(SpanKind.CLIENT, attempt.getKind());
            assertEquals(server.getSpanId(), attempt.getParentSpanId());
            assertEquals("127.0.0.1", attempt.getAttributes().get(str("server.address")));
            assertEquals((long) wireMock.port(), attempt.getAttributes().get(num("server.port")));
            assertEquals("closed", attempt.getAttributes().get(str("router.breaker_state")));
        }
        assertEquals("chat gpt-4o-mini", first.getName());
        assertEquals(1L, first.getAttributes().get(num("router.attempt")));
        assertEquals("fo-a", first.getAttributes().get(str("router.endpoint")));
        assertEquals("openai", first.getAttributes().get(str("gen_ai.provider.name")));
        assertEquals("gpt-4o-mini", first.getAttributes().get(str("gen_ai.request.model")));
        assertEquals("503", first.getAttributes().get(str("error.type")));
        assertEquals("retryable", first.getAttributes().get(str("router.failure_class")));
        assertEquals(503L, first.getAttributes().get(num("http.response.status_code")));
        assertEquals(StatusCode.ERROR, first.getStatus().getStatusCode());
        assertEquals("chat claude-haiku-4-5", second.getName());
        assertEquals(2L, second.getAttributes().get(num("router.attempt")));
        assertEquals("anthropic", second.getAttributes().get(str("gen_ai.provider.name")));
        assertEquals("claude-haiku-4-5-20251001", second.getAttributes().get(str("gen_ai.response.model")));
        assertNull(second.getAttributes().get(str("error.type")));
        assertEquals(StatusCode.UNSET, second.getStatus().getStatusCode());

        // Each attempt carried its own span's context upstream.
        assertTraceparent(wireMock.findAll(postRequestedFor(urlPathEqualTo("/fo-a/v1/chat/completions"))), first);
        assertTraceparent(wireMock.findAll(postRequestedFor(urlPathEqualTo("/fo-b/v1/messages"))), second);
    }

    static void assertTraceparent(List<LoggedRequest> requests, SpanData attempt) {
        LoggedRequest last = requests.get(requests.size() - 1);
        assertEquals("00-" + attempt.getTraceId() + "-" + attempt.getSpanId() + "-01", last.getHeader("traceparent"));
    }

    @Test
    void aCallWithoutTraceparentStartsATraceOfItsOwn() throws Exception {
        wireMock.stubFor(post(urlPathEqualTo("/fo-a/v1/chat/completions"))
                .willReturn(okJson(Fixtures.text("openai/response_text.json"))));
        try (LogCapture usage = LogCapture.of(USAGE)) {
            given().header("Authorization", "Bearer " + TRACED_KEY_2).contentType("application/json")
                    .body(body("m-fo", false)).post("/v1/chat/completions").then().statusCode(200);
            JsonNode record = json(usage.nextLine(l -> l.contains("\"endpoint\":\"fo-a\"")));
            String traceId = record.get("trace_id").asText();
            assertNotEquals(CALLER_TRACE, traceId);
            List<SpanData> tree = trace(traceId);
            assertEquals(2, tree.size(), tree.toString());
            assertFalse(tree.get(0).getParentSpanContext().isValid(), "a root span");
            assertEquals("api-keys[1]", tree.get(0).getAttributes().get(str("router.key_name")));
            assertEquals("api-keys[1]", record.get("key_name").asText());
        }
    }

    @Test
    void anAbandonedStreamEndsItsSpansAsCancelled() throws Exception {
        try (LogCapture usage = LogCapture.of(USAGE)) {
            try (Socket socket = Clients.openStream(TRACED_KEY, "m-slow", "Hel")) {
                slow.arrived("/tcancel/v1/chat/completions").get();
                assertTrue(socket.isConnected(), "the caller goes away only now");
            }
            JsonNode record = json(usage.nextLine(l -> l.contains("\"endpoint\":\"slow-cancel\"")));
            assertEquals("cancelled", record.get("outcome").asText());
            assertEquals(200, record.get("status").asInt());
            assertTrue(record.get("streamed").asBoolean());
            assertTrue(record.get("ttft_ms").asLong() >= 0, record.toString());
            List<SpanData> tree = trace(record.get("trace_id").asText());
            assertEquals(2, tree.size(), tree.toString());
            SpanData server = tree.get(0);
            SpanData attempt = tree.get(1);
            assertEquals("cancelled", server.getAttributes().get(str("router.outcome")));
            assertEquals("cancelled", server.getAttributes().get(str("error.type")));
            assertTrue(server.getAttributes().get(num("router.time_to_first_token_ms")) >= 0);
            assertEquals(server.getSpanId(), attempt.getParentSpanId());
            assertEquals("cancelled", attempt.getAttributes().get(str("router.failure_class")));
            assertTrue(attempt.hasEnded() && server.hasEnded());
        }
        slow.closed("/tcancel/v1/chat/completions").get();
    }

    @Test
    void aConvertedStreamWithCacheUsageHasItsUsageRecord() throws Exception {
        cachedAnthropicStream();
        try (LogCapture usage = LogCapture.of(USAGE)) {
            String stream = streamed("m-cache");
            assertTrue(stream.contains("\"cached_tokens\":1111"), stream);
            String line = usage.nextLine(l -> l.contains("\"endpoint\":\"cache-a\""));
            JsonNode r = json(line);
            assertEquals(USAGE_FIELDS, fieldNames(r), "the documented fields, in order");
            assertEquals(1, r.get("version").asInt());
            assertTrue(r.get("timestamp").asText().endsWith("Z"));
            assertEquals("traced", r.get("tenant").asText());
            assertEquals("api-keys[0]", r.get("key_name").asText());
            assertEquals("openai", r.get("client_protocol").asText());
            assertEquals("anthropic", r.get("upstream_protocol").asText());
            assertEquals("cache-a", r.get("endpoint").asText());
            assertEquals("m-cache", r.get("request_model").asText());
            assertEquals("claude-sonnet-4-5", r.get("upstream_model").asText());
            assertTrue(r.get("streamed").asBoolean());
            assertEquals(1, r.get("attempts").asInt());
            assertEquals("success", r.get("outcome").asText());
            assertEquals(200, r.get("status").asInt());
            assertEquals(3 + 1111 + 418, r.get("input_tokens").asLong());
            assertEquals(1111, r.get("cached_input_tokens").asLong());
            assertEquals(418, r.get("cache_write_tokens").asLong());
            assertEquals(33, r.get("output_tokens").asLong());
            assertEquals(0, r.get("reasoning_tokens").asLong());
            assertTrue(r.get("usage_accurate").asBoolean());
            double cost = (3 * INPUT_PRICE + 1111 * CACHE_READ_PRICE + 418 * CACHE_WRITE_PRICE + 33 * OUTPUT_PRICE)
                    / 1000;
            assertEquals(cost, r.get("cost_usd").asDouble(), 1e-8);
            assertTrue(r.get("latency_ms").asLong() >= r.get("ttft_ms").asLong());
            assertTrue(r.get("ttft_ms").asLong() >= 0);
            assertEquals(0, r.get("dropped_fields").size());
            // The record's trace has the usage too.
            SpanData server = trace(r.get("trace_id").asText()).get(0);
            assertEquals(1111L, server.getAttributes().get(num("gen_ai.usage.cache_read.input_tokens")));
            assertEquals(418L, server.getAttributes().get(num("gen_ai.usage.cache_creation.input_tokens")));
            // The configured handler writes the record as the bare JSON line.
            assertEquals(line + System.lineSeparator(), usageHandlerOutput(line));
        }
    }

    private static List<String> fieldNames(JsonNode r) {
        List<String> names = new java.util.ArrayList<>();
        r.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A record's line as the console handler of the usage category writes it. */
    static String usageHandlerOutput(String line) {
        for (Handler h : Logger.getLogger(USAGE).getHandlers()) {
            if (h instanceof org.jboss.logmanager.handlers.ConsoleHandler console) {
                return console.getFormatter().format(new LogRecord(java.util.logging.Level.INFO, line));
            }
        }
        throw new AssertionError("no console handler on " + USAGE);
    }

    @Test
    void noKeyAndNoPromptInSpansLogsOrUsageRecords() throws Exception {
        wireMock.stubFor(post(urlPathEqualTo("/fo-a/v1/chat/completions"))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + UPSTREAM_SECRET
                                + "\",\"type\":\"server_error\"}}")));
        wireMock.stubFor(post(urlPathEqualTo("/fo-b/v1/messages"))
                .willReturn(okJson(Fixtures.text("anthropic/response_text.json"))));
        List<LogRecord> logged = new java.util.ArrayList<>();
        try (LogCapture everything = LogCapture.of(""); LogCapture usage = LogCapture.of(USAGE)) {
            given().header("Authorization", "Bearer " + TRACED_KEY).contentType("application/json")
                    .body(body("m-fo", false)).post("/v1/chat/completions").then().statusCode(200);
            usage.nextLine(l -> l.contains("\"endpoint\":\"fo-b\""));
            logged.addAll(everything.all());
            logged.addAll(usage.all());
        }
        StringBuilder seen = new StringBuilder();
        for (SpanData s : spans.getFinishedSpanItems()) {
            seen.append(s.getName()).append(s.getAttributes()).append(s.getEvents()).append('\n');
        }
        // The message as a handler writes it, parameters filled in.
        PatternFormatter message = new PatternFormatter("%s");
        for (LogRecord r : logged) {
            seen.append(message.format(r)).append('\n');
        }
        String all = seen.toString();
        assertTrue(all.contains("fo-b"), "the capture saw the call: " + all);
        for (String secret : new String[] {TRACED_KEY, UPSTREAM_SECRET, "zebra-quartz-9"}) {
            assertFalse(all.contains(secret), "'" + secret + "' leaked into spans or logs: " + all);
        }
        wireMock.verify(postRequestedFor(urlPathEqualTo("/fo-b/v1/messages")).withHeader("traceparent",
                matching("00-[0-9a-f]{32}-[0-9a-f]{16}-01")));
    }

    @Test
    void aTenantThatCapturesContentHasItsPromptAndAnswerInTheTrace() throws Exception {
        wireMock.stubFor(post(urlPathEqualTo("/talk-a/v1/chat/completions"))
                .willReturn(okJson(Fixtures.text("openai/response_text.json"))));
        try (LogCapture usage = LogCapture.of(USAGE)) {
            given().header("Authorization", "Bearer " + CHATTY_KEY).contentType("application/json")
                    .body(body("m-talk", false)).post("/v1/chat/completions").then().statusCode(200);
            String line = usage.nextLine(l -> l.contains("\"endpoint\":\"talk-a\""));
            assertFalse(line.contains("zebra-quartz-9"), "usage records never carry content");
            SpanData server = trace(json(line).get("trace_id").asText()).get(0);
            assertTrue(server.getAttributes().get(str("gen_ai.input.messages")).contains("zebra-quartz-9"));
            assertTrue(server.getAttributes().get(str("gen_ai.output.messages"))
                    .contains("Hello! How can I assist you today?"));
            assertFalse(server.getAttributes().toString().contains(CHATTY_KEY));
        }
    }

    @Test
    void metricsSampleNoExemplarsEvenWithTracingOn() {
        // Quarkus' sampler looks for a current span on every metric update; the router's spans never are current.
        assertTrue(exemplars.isEmpty());
    }

    @Test
    void genAiMetricsAreHistogramsWithBoundedLabels() throws Exception {
        cachedAnthropicStream();
        try (LogCapture usage = LogCapture.of(USAGE)) {
            streamed("m-cache");
            usage.nextLine(l -> l.contains("\"endpoint\":\"cache-a\""));
        }
        String metrics = Clients.management().get("/q/metrics").then().statusCode(200).extract().asString();
        String labels = "tenant=\"traced\"";
        for (String name : new String[] {"gen_ai_client_token_usage_bucket{",
                                         "gen_ai_client_operation_duration_seconds_bucket{",
                                         "gen_ai_server_time_to_first_token_seconds_bucket{",
                                         "gen_ai_server_time_per_output_token_seconds_bucket{"}) {
            ObservabilityTest.assertLine(metrics, name, labels, "key_name=\"api-keys[0]\"", "endpoint=\"cache-a\"",
                    "model=\"m-cache\"", "client_protocol=\"openai\"", "outcome=\"success\"",
                    "gen_ai_operation_name=\"chat\"", "gen_ai_provider_name=\"anthropic\"");
        }
        ObservabilityTest.assertLine(metrics, "gen_ai_client_token_usage_bucket{", "gen_ai_token_type=\"input\"",
                "endpoint=\"cache-a\"", "le=\"4096.0\"");
        ObservabilityTest.assertLine(metrics, "gen_ai_client_token_usage_bucket{", "gen_ai_token_type=\"output\"",
                "endpoint=\"cache-a\"");
        for (String secret : new String[] {TRACED_KEY, TRACED_KEY_2, UPSTREAM_SECRET}) {
            assertFalse(metrics.contains(secret), "metrics expose a key");
        }
    }

    @Test
    void everyMetricOfTheGrafanaDashboardIsExported() throws Exception {
        failingOverToAnthropic();
        cachedAnthropicStream();
        try (LogCapture usage = LogCapture.of(USAGE)) {
            given().header("Authorization", "Bearer " + TRACED_KEY).contentType("application/json")
                    .body(body("m-fo", false)).post("/v1/chat/completions").then().statusCode(200);
            streamed("m-cache");
            usage.nextLine(l -> l.contains("\"endpoint\":\"cache-a\""));
        }
        String metrics = Clients.management().get("/q/metrics").then().statusCode(200).extract().asString();
        JsonNode dashboard = JSON.readTree(TestData.repositoryRoot().resolve("deployments/grafana/llm-router.json")
                .toFile());
        java.util.Set<String> names = new java.util.TreeSet<>();
        java.util.regex.Pattern metric = java.util.regex.Pattern.compile("\\b((?:router|gen_ai)_[a-z_]+)\\{");
        for (JsonNode expr : dashboard.findValues("expr")) {
            java.util.regex.Matcher m = metric.matcher(expr.asText());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        assertTrue(names.size() >= 8, names.toString());
        for (String name : names) {
            assertTrue(metrics.contains("\n" + name + "{"), name + " is on the dashboard but not exported");
        }
    }
}
