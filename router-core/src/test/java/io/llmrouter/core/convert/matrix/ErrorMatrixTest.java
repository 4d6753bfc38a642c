package io.llmrouter.core.convert.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The upstream-error scenario for every pair: the provider's error body (its codec's {@code encodeError}) is decoded
 * by the router and re-encoded for the client, whose SDK must see the right status, body shape and error class.
 *
 * <p>Expected client statuses (docs/protocols.md#errors): the kind's status everywhere, except UNAVAILABLE, which
 * Anthropic clients get as 529 {@code overloaded_error}, what their SDKs retry; an Anthropic upstream's 529 reaches
 * every other client as 503.
 */
class ErrorMatrixTest {

    static final String MESSAGE = "upstream says no";

    /** The statuses each upstream answers with; Anthropic says 529 where the others say 503. */
    static List<Integer> statuses(Protocol upstream) {
        return List.of(400, 401, 429, upstream == Protocol.ANTHROPIC ? 529 : 503, 500);
    }

    @TestFactory
    Stream<DynamicNode> everyPairEveryUpstreamError() {
        List<DynamicNode> pairs = new ArrayList<>();
        int runs = 0;
        for (Protocol client : ProtocolMatrixTest.CLIENTS) {
            for (Protocol upstream : ProtocolMatrixTest.UPSTREAMS) {
                List<DynamicNode> tests = new ArrayList<>();
                for (int status : statuses(upstream)) {
                    tests.add(DynamicTest.dynamicTest("upstream " + status, () -> run(client, upstream, status)));
                    runs++;
                }
                pairs.add(DynamicContainer.dynamicContainer(client + " client -> " + upstream + " upstream",
                        tests.stream()));
            }
        }
        System.out.printf("Error matrix: %d pairs x 5 upstream statuses = %d runs%n",
                ProtocolMatrixTest.CLIENTS.size() * ProtocolMatrixTest.UPSTREAMS.size(), runs);
        return pairs.stream();
    }

    /**
     * The refusals the router makes before any upstream (unknown path, wrong method, undecodable body) keep their
     * status in every client format, where the format has no type for them.
     */
    @Test
    void routerRefusalsKeepTheirStatusInEveryClientFormat() {
        for (Protocol client : ProtocolMatrixTest.CLIENTS) {
            for (ErrorKind kind : List.of(ErrorKind.UNKNOWN_ROUTE, ErrorKind.METHOD_NOT_ALLOWED,
                    ErrorKind.UNSUPPORTED_MEDIA_TYPE)) {
                EncodedError e = ConversionPath.CODECS.of(client).encodeError(ApiError.of(kind, MESSAGE));
                String where = client + " " + kind;
                assertEquals(kind.defaultStatus(), e.status(), where);
                JsonNode body = Json.parseObject(e.body(), where);
                switch (client) {
                    case OPENAI, OPENAI_RESPONSES -> {
                        // OpenAI's own answer to an unknown URL or method: invalid_request_error, code null.
                        assertEquals("invalid_request_error", body.path("error").path("type").asText(), where);
                        assertTrue(body.path("error").path("code").isNull(), where);
                    }
                    case ANTHROPIC -> assertEquals(kind == ErrorKind.UNKNOWN_ROUTE ? "not_found_error"
                            : "invalid_request_error", body.path("error").path("type").asText(), where);
                    case GEMINI -> {
                        assertEquals(kind.defaultStatus(), body.path("error").path("code").asInt(), where);
                        assertEquals(kind == ErrorKind.UNKNOWN_ROUTE ? "NOT_FOUND" : "INVALID_ARGUMENT",
                                body.path("error").path("status").asText(), where);
                    }
                    default -> assertTrue(body.path("id").isTextual(), where);
                }
                assertTrue(body.toString().contains(MESSAGE), where);
            }
        }
    }

    private static void run(Protocol client, Protocol upstream, int status) {
        ProtocolCodec up = ConversionPath.CODECS.of(upstream);
        ProtocolCodec cl = ConversionPath.CODECS.of(client);
        ErrorKind kind = ErrorKind.fromStatus(status);
        EncodedError providerError = up.encodeError(new ApiError(kind, status, MESSAGE, null));
        assertEquals(status, providerError.status(), "provider status");

        ApiError routed = up.decodeError(providerError.status(), providerError.body()).error();
        assertEquals(kind, routed.kind(), "kind the router decodes");
        assertEquals(status, routed.status(), "status the router decodes");

        EncodedError toClient = cl.encodeError(routed);
        int expectedStatus = kind == ErrorKind.UNAVAILABLE ? (client == Protocol.ANTHROPIC ? 529 : 503) : status;
        assertEquals(expectedStatus, toClient.status(), "client status");
        assertTrue(toClient.contentType().startsWith("application/json"), toClient.contentType());
        JsonNode body = Json.parseObject(toClient.body(), "client error body");
        assertShape(client, kind, expectedStatus, body);

        ApiError sdk = cl.decodeError(toClient.status(), toClient.body()).error();
        assertEquals(kind, sdk.kind(), "kind the client SDK sees");
        assertTrue(sdk.message().contains(MESSAGE), sdk.message());
    }

    /** The error body shapes and type names of docs/protocols.md#errors. */
    private static void assertShape(Protocol client, ErrorKind kind, int status, JsonNode body) {
        String text = new String(Json.bytes(body), StandardCharsets.UTF_8);
        switch (client) {
            case OPENAI, OPENAI_RESPONSES -> {
                JsonNode e = body.path("error");
                for (String field : List.of("message", "type", "param", "code")) {
                    assertTrue(e.has(field), "OpenAI error lacks " + field + ": " + text);
                }
                assertEquals(MESSAGE, e.path("message").asText(), text);
            }
            case ANTHROPIC -> {
                assertEquals("error", body.path("type").asText(), text);
                assertEquals(MESSAGE, body.path("error").path("message").asText(), text);
                String type = switch (kind) {
                    case INVALID_REQUEST -> "invalid_request_error";
                    case AUTHENTICATION -> "authentication_error";
                    case RATE_LIMITED -> "rate_limit_error";
                    case UNAVAILABLE -> "overloaded_error";
                    default -> "api_error";
                };
                assertEquals(type, body.path("error").path("type").asText(), text);
            }
            case GEMINI -> {
                JsonNode e = body.path("error");
                assertEquals(status, e.path("code").asInt(), text);
                assertEquals(MESSAGE, e.path("message").asText(), text);
                String rpc = switch (kind) {
                    case INVALID_REQUEST -> "INVALID_ARGUMENT";
                    case AUTHENTICATION -> "UNAUTHENTICATED";
                    case RATE_LIMITED -> "RESOURCE_EXHAUSTED";
                    case UNAVAILABLE -> "UNAVAILABLE";
                    default -> "INTERNAL";
                };
                assertEquals(rpc, e.path("status").asText(), text);
            }
            default -> {
                // Cohere v1 and v2: {"id": "<uuid>", "message": "..."}
                assertEquals(MESSAGE, body.path("message").asText(), text);
                assertTrue(body.path("id").isTextual(), text);
            }
        }
    }
}
