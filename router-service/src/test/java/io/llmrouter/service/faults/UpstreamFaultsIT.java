package io.llmrouter.service.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.service.faults.FaultUpstream.Fault;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packaged router, with the container's memory flags ({@code -Xmx256m -XX:+ExitOnOutOfMemoryError}, see
 * {@code quarkus.test.arg-line}), against the {@link FaultUpstream} with the default limits: answers, lines and events
 * that never end, comments that never stop, and 200s that are not the stream they claim to be. No OutOfMemoryError
 * (it would end the process, and every later call here would fail); each faulty call fails cleanly in its caller's
 * format, by failing over when nothing had reached the caller yet and with the protocol's error event otherwise; and
 * another tenant's call made while the router is reading an endless answer is served as usual. Clients are plain HTTP,
 * an OpenAI one (forwarded as is to the OpenAI-compatible upstream) and an Anthropic one (converted).
 */
@QuarkusIntegrationTest
@TestProfile(UpstreamFaultsProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpstreamFaultsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** The two client protocols: OpenAI (same protocol as the upstream) and Anthropic (converted). */
    enum Client { OPENAI, ANTHROPIC }

    private static HttpRequest call(Client client, String key, String model, boolean stream) {
        String base = "http://127.0.0.1:" + RestAssured.port;
        HttpRequest.Builder b = HttpRequest.newBuilder().timeout(WAIT).header("Content-Type", "application/json");
        String body;
        if (client == Client.OPENAI) {
            b.uri(URI.create(base + "/v1/chat/completions")).header("Authorization", "Bearer " + key);
            body = "{\"model\":\"" + model + "\",\"stream\":" + stream
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
        } else {
            b.uri(URI.create(base + "/v1/messages")).header("x-api-key", key);
            body = "{\"model\":\"" + model + "\",\"max_tokens\":50,\"stream\":" + stream
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
        }
        return b.POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static CompletableFuture<HttpResponse<String>> faulty(Client client, Fault fault, boolean stream) {
        return HTTP.sendAsync(call(client, FaultUpstreams.FAULTY_KEY, "m-" + fault.path(), stream),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Another tenant's call, while the faulty one is under way: served as if nothing were wrong. */
    private static void healthyCallIsServed(Client client, boolean stream) throws Exception {
        HttpResponse<String> r = HTTP.send(call(client, FaultUpstreams.HEALTHY_KEY, "m-healthy", stream),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("healthy", r.headers().firstValue("x-router-endpoint").orElse(null));
        assertTrue(r.body().contains(FaultUpstream.SAID), r.body());
    }

    /** The faulty call failed over to the proper endpoint: the caller got its whole answer, in its format. */
    private static void failedOver(Fault fault, Client client, boolean stream, HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(fault.path() + "-ok", r.headers().firstValue("x-router-endpoint").orElse(null), r.body());
        assertEquals("2", r.headers().firstValue("x-router-attempts").orElse(null));
        assertTrue(r.body().contains(FaultUpstream.SAID), r.body());
        if (stream) {
            assertTrue(r.body().stripTrailing().endsWith(client == Client.OPENAI ? "data: [DONE]"
                    : "data: {\"type\":\"message_stop\"}"), r.body());
        }
    }

    /**
     * A faulty call whose answer never ends, and another tenant's call made while the router reads it (once the
     * upstream has written half its way to the limit): the other call is served, the faulty one fails over.
     */
    private static void endlessWhileAnotherTenantIsServed(Fault fault, Client client, boolean stream)
            throws Exception {
        FaultUpstream.running().reset(fault);
        CompletableFuture<HttpResponse<String>> call = faulty(client, fault, stream);
        FaultUpstream.running().halfway(fault).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        healthyCallIsServed(client, stream);
        failedOver(fault, client, stream, call.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    @Order(1)
    void aCompleteAnswerThatNeverEndsFailsOverWhileAnotherTenantIsServed(Client client) throws Exception {
        endlessWhileAnotherTenantIsServed(Fault.ENDLESS_JSON, client, false);
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    @Order(2)
    void streamsWhoseLineEventOrErrorBodyNeverEndsFailOverWhileAnotherTenantIsServed(Client client)
            throws Exception {
        for (Fault fault : List.of(Fault.ENDLESS_LINE, Fault.ENDLESS_EVENT, Fault.ENDLESS_ERROR)) {
            endlessWhileAnotherTenantIsServed(fault, client, true);
        }
    }

    /** A stream that is not one, or never produces an event: caught before the first byte goes to the caller. */
    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"COMMENTS", "HTML", "HTML_AS_SSE", "JSON_ERROR", "EMPTY", "GARBAGE"})
    @Order(3)
    void aStreamWithoutAFirstEventFailsOverForEitherClient(Fault fault) throws Exception {
        for (Client client : Client.values()) {
            CompletableFuture<HttpResponse<String>> call = faulty(client, fault, true);
            healthyCallIsServed(client, true);
            failedOver(fault, client, true, call.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    /** After the first event, a broken stream ends with the caller's protocol's error, never a normal stop. */
    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"LATE_ENDLESS_LINE", "LATE_COMMENTS", "CUT"})
    @Order(4)
    void aStreamBrokenAfterItsFirstEventEndsWithTheCallersErrorEvent(Fault fault) throws Exception {
        String expected = switch (fault) {
            case LATE_ENDLESS_LINE -> "upstream stream failed: the upstream sent a line over the size limit";
            case LATE_COMMENTS -> "upstream stream failed: the upstream's answer exceeded the time limit";
            default -> "upstream stream failed: the upstream's stream ended before it was complete";
        };
        for (Client client : Client.values()) {
            CompletableFuture<HttpResponse<String>> call = faulty(client, fault, true);
            healthyCallIsServed(client, true);
            HttpResponse<String> r = call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals(fault.path(), r.headers().firstValue("x-router-endpoint").orElse(null));
            String body = r.body();
            assertTrue(body.contains(FaultUpstream.SAID), "what came before the break went out: " + body);
            JsonNode error;
            if (client == Client.OPENAI) {
                assertTrue(body.startsWith(FaultUpstream.FIRST_EVENT + FaultUpstream.TEXT_EVENT), body);
                assertFalse(body.contains("[DONE]") || body.contains("\"finish_reason\":\"stop\""), body);
                error = JSON.readTree(lastData(body)).path("error");
            } else {
                assertFalse(body.contains("message_stop") || body.contains("end_turn"), body);
                assertTrue(body.substring(0, body.lastIndexOf("data:")).endsWith("event: error\n"), body);
                error = JSON.readTree(lastData(body)).path("error");
            }
            assertEquals(expected, error.path("message").asText(), body);
        }
    }

    /**
     * The router logged one WARN line per failed attempt, naming the endpoint, the tenant and the limit or rule, not
     * one per chunk; and it never ran out of memory.
     */
    @Test
    @Order(5)
    void eachFailedAttemptIsOneWarningAndMemoryNeverRanOut() throws Exception {
        // Still up: with -XX:+ExitOnOutOfMemoryError, running out of memory would have ended the process.
        healthyCallIsServed(Client.OPENAI, false);
        List<String> log = Files.readAllLines(appLog(), StandardCharsets.UTF_8);
        assertTrue(log.stream().noneMatch(l -> l.contains("OutOfMemoryError")), "no OutOfMemoryError");
        assertWarnings(log, Fault.ENDLESS_JSON, 2, "gave no answer (response over max-response-size)");
        assertWarnings(log, Fault.ENDLESS_LINE, 2, "gave no answer (line over max-line-size)");
        assertWarnings(log, Fault.ENDLESS_EVENT, 2, "gave no answer (event over max-event-size)");
        assertWarnings(log, Fault.ENDLESS_ERROR, 2, "gave no answer (response over max-response-size)");
        assertWarnings(log, Fault.COMMENTS, 2, "gave no answer (timeout: response over max-response-duration)");
        assertWarnings(log, Fault.HTML, 2, "UpstreamFault: streamed request answered with content type "
                + "'text/html' (protocol openai)");
        assertWarnings(log, Fault.HTML, 2, "gave no answer (not a stream)");
        assertWarnings(log, Fault.JSON_ERROR, 2, "gave no answer (not a stream)");
        assertWarnings(log, Fault.HTML_AS_SSE, 2, "gave no answer (stream without end marker)");
        assertWarnings(log, Fault.EMPTY, 2, "gave no answer (stream without end marker)");
        assertWarnings(log, Fault.GARBAGE, 2, "gave no answer (undecodable stream event)");
        assertWarnings(log, Fault.LATE_ENDLESS_LINE, 2, "failed mid-stream: UpstreamFault: line longer than");
        // Under the reset that cut the exchange.
        assertWarnings(log, Fault.LATE_COMMENTS, 2, "UpstreamFault: answer lasted longer than "
                + UpstreamFaultsProfile.MAX_DURATION.replace("s", " s"));
        assertWarnings(log, Fault.CUT, 2, "failed mid-stream: UpstreamFault: OpenAI stream ended without");
    }

    private static void assertWarnings(List<String> log, Fault fault, int calls, String says) {
        List<String> lines = new ArrayList<>();
        for (String l : log) {
            if (l.contains("Upstream " + fault.path() + " of tenant faulty ")) {
                lines.add(l);
            }
        }
        assertEquals(calls, lines.size(), fault + ": " + lines);
        for (String l : lines) {
            assertTrue(l.contains(" WARN ") && l.contains(says), l);
        }
    }

    /** Where {@code @QuarkusIntegrationTest} writes the packaged application's output. */
    private static Path appLog() {
        return Path.of("target", "quarkus.log");
    }

    private static String lastData(String sse) {
        String[] lines = sse.replace("\r\n", "\n").split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("data:")) {
                return lines[i].substring(5).trim();
            }
        }
        throw new AssertionError("no data line: " + sse);
    }
}
