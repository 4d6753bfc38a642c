package io.llmrouter.core.convert.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiResponseAndErrorTest {

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.GEMINI);

    private ChatResponse decode(String fixture) {
        return codec.decodeResponse(Fixtures.bytes(fixture));
    }

    private static ChatResponse decodeJson(String json) {
        return Codecs.defaults().of(Protocol.GEMINI).decodeResponse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textResponse() {
        ChatResponse r = decode("gemini/response_text.json");
        assertEquals("Google's headquarters, also known as the Googleplex, is located in **Mountain View, California**.\n",
                r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(new TokenCounts(7, 22, 0, 0), r.usage());
        assertEquals("gemini-2.0-flash", r.model());
        assertTrue(r.id().startsWith("gemini-"));
        assertEquals(r.id(), decode("gemini/response_text.json").id());
    }

    @Test
    void thinkingFunctionCall() {
        ChatResponse r = decode("gemini/response_function_call_thinking.json");
        assertEquals("38CHaLjMG6TujrEPtvTiuQk", r.id());
        assertEquals("gemini-2.5-pro", r.model());
        assertEquals("", r.text()); // the thought part is reasoning, not text
        assertEquals(2, r.content().size());
        assertInstanceOf(ContentPart.Reasoning.class, r.content().get(0));
        ContentPart.ToolCall call = r.toolCalls().get(0);
        assertEquals("now", call.name());
        assertEquals("{}", call.arguments());
        assertTrue(call.id().startsWith("call_"));
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
        // 38 prompt, 8 candidates + 501 thoughts: total 547 as reported.
        assertEquals(new TokenCounts(38, 509, 0, 501), r.usage());
        assertEquals(547, r.usage().totalTokens());
    }

    @Test
    void safetyFinish() {
        ChatResponse r = decode("gemini/response_finish_reason_safety.json");
        assertEquals(FinishReason.CONTENT_FILTER, r.finishReason());
        assertEquals("Safety error incoming in 5, 4, 3, 2...", r.text());
        assertEquals(new TokenCounts(7, 20), r.usage());
    }

    @Test
    void parallelCallsGetDistinctDeterministicIds() {
        ChatResponse r = decode("gemini/response_parallel_function_calls_mock.json");
        List<ContentPart.ToolCall> calls = r.toolCalls();
        assertEquals(3, calls.size());
        assertEquals("{\"y\":1,\"x\":2}", calls.get(0).arguments());
        assertEquals("{\"y\":5,\"x\":6}", calls.get(2).arguments());
        assertEquals(3, calls.stream().map(ContentPart.ToolCall::id).distinct().count());
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
        assertNull(r.usage());
        assertEquals(calls, decode("gemini/response_parallel_function_calls_mock.json").toolCalls());
    }

    @Test
    void recordedCookbookResponses() {
        ChatResponse single = decode("gemini/request_tools_single_turn.response.json");
        assertEquals("find_theaters", single.toolCalls().get(0).name());
        assertEquals("{\"movie\":\"Barbie\",\"location\":\"Mountain View, CA\"}", single.toolCalls().get(0).arguments());
        assertEquals(FinishReason.TOOL_CALLS, single.finishReason());
        assertNull(single.usage());
        ChatResponse text = decode("gemini/request_function_response.response.json");
        assertTrue(text.text().startsWith("OK. I found two theaters"));
        assertEquals(FinishReason.STOP, text.finishReason());
        ChatResponse multi = decode("gemini/request_function_response_multiturn.response.json");
        assertEquals("find_movies", multi.toolCalls().get(0).name());
        ChatResponse cat = decode("gemini/request_system_instruction_snake_case.response.json");
        assertEquals("Meow 😺 \n", cat.text());
    }

    @Test
    void blockedPromptIsEmptyContentFilter() {
        ChatResponse r = decodeJson("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},"
                + "\"usageMetadata\":{\"promptTokenCount\":5,\"totalTokenCount\":5}}");
        assertTrue(r.content().isEmpty());
        assertEquals(FinishReason.CONTENT_FILTER, r.finishReason());
        assertEquals(new TokenCounts(5, 0), r.usage());
    }

    @Test
    void finishReasonTable() {
        assertEquals(FinishReason.LENGTH, GeminiFinishReasons.decode("MAX_TOKENS", false));
        assertEquals(FinishReason.LENGTH, GeminiFinishReasons.decode("MAX_TOKENS", true));
        assertEquals(FinishReason.CONTENT_FILTER, GeminiFinishReasons.decode("PROHIBITED_CONTENT", false));
        assertEquals(FinishReason.CONTENT_FILTER, GeminiFinishReasons.decode("RECITATION", false));
        assertEquals(FinishReason.ERROR, GeminiFinishReasons.decode("MALFORMED_FUNCTION_CALL", false));
        assertEquals(FinishReason.STOP, GeminiFinishReasons.decode("OTHER", false));
        assertEquals(FinishReason.TOOL_CALLS, GeminiFinishReasons.decode("STOP", true));
        assertEquals("STOP", GeminiFinishReasons.encode(FinishReason.TOOL_CALLS));
        assertEquals("MAX_TOKENS", GeminiFinishReasons.encode(FinishReason.LENGTH));
        assertEquals("SAFETY", GeminiFinishReasons.encode(FinishReason.CONTENT_FILTER));
    }

    @Test
    void cachedTokensAreInsideInput() {
        ChatResponse r = decodeJson("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]},"
                + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":100,"
                + "\"cachedContentTokenCount\":60,\"candidatesTokenCount\":5,\"thoughtsTokenCount\":3}}");
        assertEquals(new TokenCounts(100, 8, 60, 3), r.usage());
    }

    @Test
    void malformedUpstreamAnswerIsBadGateway() {
        RouterException e = assertThrows(RouterException.class, () -> decodeJson("<html>"));
        assertEquals(ErrorKind.BAD_GATEWAY, e.error().kind());
        e = assertThrows(RouterException.class, () -> decodeJson("{\"candidates\":\"x\"}"));
        assertEquals(ErrorKind.BAD_GATEWAY, e.error().kind());
    }

    @Test
    void responseEncodingShape() {
        ChatResponse r = new ChatResponse("resp-1", "gemini-2.5-pro", List.of(new ContentPart.Text("hi "),
                new ContentPart.ToolCall("c1", "f", "{\"a\":1}")), FinishReason.TOOL_CALLS,
                new TokenCounts(10, 30, 4, 20));
        JsonNode b = Json.tryParse(new String(codec.encodeResponse(r, null), StandardCharsets.UTF_8));
        assertEquals("model", b.at("/candidates/0/content/role").asText());
        assertEquals("hi ", b.at("/candidates/0/content/parts/0/text").asText());
        assertEquals("f", b.at("/candidates/0/content/parts/1/functionCall/name").asText());
        assertEquals(1, b.at("/candidates/0/content/parts/1/functionCall/args/a").asInt());
        assertEquals("c1", b.at("/candidates/0/content/parts/1/functionCall/id").asText());
        assertEquals("STOP", b.at("/candidates/0/finishReason").asText());
        assertEquals(0, b.at("/candidates/0/index").asInt());
        assertEquals(10, b.at("/usageMetadata/promptTokenCount").asInt());
        assertEquals(10, b.at("/usageMetadata/candidatesTokenCount").asInt());
        assertEquals(20, b.at("/usageMetadata/thoughtsTokenCount").asInt());
        assertEquals(40, b.at("/usageMetadata/totalTokenCount").asInt());
        assertEquals(4, b.at("/usageMetadata/cachedContentTokenCount").asInt());
        assertEquals("gemini-2.5-pro", b.get("modelVersion").asText());
        assertEquals("resp-1", b.get("responseId").asText());
    }

    @Test
    void responseRoundTrips() {
        for (ChatResponse r : List.of(
                new ChatResponse("r1", "m", List.of(new ContentPart.Text("hello")), FinishReason.STOP,
                        new TokenCounts(3, 4, 1, 2)),
                new ChatResponse("r2", "m", List.of(new ContentPart.Text("x"),
                        new ContentPart.ToolCall("id1", "f", "{\"q\":\"s\"}"),
                        new ContentPart.ToolCall("id2", "g", "{}")), FinishReason.TOOL_CALLS, null),
                new ChatResponse("r3", "m", List.of(new ContentPart.Text("cut")), FinishReason.LENGTH,
                        new TokenCounts(1, 1)),
                new ChatResponse("r4", "m", List.of(), FinishReason.CONTENT_FILTER, null))) {
            assertEquals(r, codec.decodeResponse(codec.encodeResponse(r, null)));
        }
    }

    // ---- errors ---------------------------------------------------------------------------------------------

    @Test
    void apiKeyInvalidIsAuthentication() {
        ApiError e = codec.decodeError(400, Fixtures.bytes("gemini/error_400_api_key_invalid.json")).error();
        assertEquals(ErrorKind.AUTHENTICATION, e.kind());
        assertEquals(400, e.status());
        assertEquals("API_KEY_INVALID", e.code());
        assertEquals("API key not valid. Please pass a valid API key.", e.message());
        assertFalse(e.message().contains("key1234"));
    }

    @Test
    void errorFixtures() {
        ApiError nf = codec.decodeError(404, Fixtures.bytes("gemini/error_404_model_not_found.json")).error();
        assertEquals(ErrorKind.NOT_FOUND, nf.kind());
        assertTrue(nf.message().startsWith("models/gemini-5.0-flash is not found"));
        ApiError rl = codec.decodeError(429, Fixtures.bytes("gemini/error_429_resource_exhausted.json")).error();
        assertEquals(ErrorKind.RATE_LIMITED, rl.kind());
        assertEquals("RATE_LIMIT_EXCEEDED", rl.code());
        ApiError un = codec.decodeError(503, Fixtures.bytes("constructed/gemini/error_503_unavailable.json")).error();
        assertEquals(ErrorKind.UNAVAILABLE, un.kind());
        assertEquals("The model is overloaded. Please try again later.", un.message());
        assertEquals("UNAVAILABLE", un.code());
    }

    @Test
    void statusStrings() {
        assertEquals(ErrorKind.TIMEOUT, kindOf(504, "DEADLINE_EXCEEDED"));
        assertEquals(ErrorKind.PERMISSION, kindOf(403, "PERMISSION_DENIED"));
        assertEquals(ErrorKind.INTERNAL, kindOf(500, "INTERNAL"));
        assertEquals(ErrorKind.AUTHENTICATION, kindOf(401, "UNAUTHENTICATED"));
        assertEquals(ErrorKind.INVALID_REQUEST, kindOf(400, "FAILED_PRECONDITION"));
    }

    private ErrorKind kindOf(int status, String rpc) {
        String body = "{\"error\":{\"code\":" + status + ",\"message\":\"m\",\"status\":\"" + rpc + "\"}}";
        return codec.decodeError(status, body.getBytes(StandardCharsets.UTF_8)).error().kind();
    }

    @Test
    void anyBodyDecodesWithoutThrowing() {
        for (String body : new String[] {"", "<html><body>502 Bad Gateway</body></html>", "not json", "[]", "{}",
                "{\"error\":\"str\"}", "{\"error\":{\"code\":\"x\",\"message\":{},\"details\":7}}", "null",
                "[{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"message\":\"slow down\"}}]"}) {
            ApiError e = codec.decodeError(502, body.getBytes(StandardCharsets.UTF_8)).error();
            assertTrue(e.message() != null && !e.message().isBlank());
        }
        assertEquals(ErrorKind.BAD_GATEWAY, codec.decodeError(502, "<html>".getBytes(StandardCharsets.UTF_8)).error().kind());
        assertEquals(ErrorKind.RATE_LIMITED, codec.decodeError(429, ("[{\"error\":{\"code\":429,"
                + "\"status\":\"RESOURCE_EXHAUSTED\",\"message\":\"slow\"}}]").getBytes(StandardCharsets.UTF_8)).error().kind());
        assertEquals(ErrorKind.UNAVAILABLE, codec.decodeError(503, null).error().kind());
    }

    @Test
    void keysInMessagesAreRedacted() {
        String body = "{\"error\":{\"code\":400,\"message\":\"bad key AIzaSyA1234567890abcdefghijklmnopqrstu\","
                + "\"status\":\"INVALID_ARGUMENT\"}}";
        ApiError e = codec.decodeError(400, body.getBytes(StandardCharsets.UTF_8)).error();
        assertFalse(e.message().contains("AIzaSy"));
    }

    @Test
    void encodeErrorKinds() {
        assertEncoded(ErrorKind.INVALID_REQUEST, 400, "INVALID_ARGUMENT");
        assertEncoded(ErrorKind.AUTHENTICATION, 401, "UNAUTHENTICATED");
        assertEncoded(ErrorKind.PERMISSION, 403, "PERMISSION_DENIED");
        assertEncoded(ErrorKind.NOT_FOUND, 404, "NOT_FOUND");
        assertEncoded(ErrorKind.REQUEST_TOO_LARGE, 413, "INVALID_ARGUMENT");
        assertEncoded(ErrorKind.RATE_LIMITED, 429, "RESOURCE_EXHAUSTED");
        assertEncoded(ErrorKind.QUOTA_EXHAUSTED, 429, "RESOURCE_EXHAUSTED");
        assertEncoded(ErrorKind.INTERNAL, 500, "INTERNAL");
        assertEncoded(ErrorKind.BAD_GATEWAY, 502, "UNAVAILABLE");
        assertEncoded(ErrorKind.UNAVAILABLE, 503, "UNAVAILABLE");
        assertEncoded(ErrorKind.TIMEOUT, 504, "DEADLINE_EXCEEDED");
    }

    private void assertEncoded(ErrorKind kind, int status, String rpc) {
        ApiError error = new ApiError(kind, 529, "boom", null);
        EncodedError enc = codec.encodeError(error);
        assertEquals(status, enc.status());
        assertEquals("application/json", enc.contentType());
        JsonNode b = Json.tryParse(new String(enc.body(), StandardCharsets.UTF_8));
        assertEquals(status, b.at("/error/code").asInt());
        assertEquals(rpc, b.at("/error/status").asText());
        assertEquals("boom", b.at("/error/message").asText());
        ApiError back = codec.decodeError(enc.status(), enc.body()).error();
        assertEquals(kind, back.kind());
    }

    @Test
    void modelNotFoundCodeTravelsAsReason() {
        EncodedError enc = codec.encodeError(RouterException.modelNotFound("x").error());
        JsonNode b = Json.tryParse(new String(enc.body(), StandardCharsets.UTF_8));
        assertEquals("model_not_found", b.at("/error/details/0/reason").asText());
        assertEquals(404, enc.status());
    }
}
