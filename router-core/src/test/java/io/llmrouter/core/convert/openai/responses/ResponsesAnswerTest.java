package io.llmrouter.core.convert.openai.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ConversionSettings;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Complete answers both ways: recorded {@code response} objects decode, the IR encodes for a Responses client. */
class ResponsesAnswerTest {

    private static final ProtocolCodec CODEC = Codecs.create(new ConversionSettings(
            Clock.fixed(Instant.ofEpochSecond(1_764_777_657L), ZoneOffset.UTC), 4096)).of(Protocol.OPENAI_RESPONSES);

    private static ChatResponse decode(String fixture) {
        return CODEC.decodeResponse(Fixtures.bytes("openai-responses/" + fixture));
    }

    @Test
    void aTextAnswer() {
        ChatResponse r = decode("response_text.json");
        assertEquals("resp_09163d12481226a80068c9ef4ce6848194bc5be7e0c05c5f93", r.id());
        assertEquals("gpt-4o-mini-2024-07-18", r.model());
        assertEquals("Hello.", r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(new TokenCounts(14, 3, 0, 0), r.usage());
    }

    @Test
    void aFunctionCallKeepsItsCallId() {
        ChatResponse r = decode("response_function_call.json");
        JsonNode item = Json.parseObject(Fixtures.bytes("openai-responses/response_function_call.json"), "f")
                .path("output").path(0);
        assertEquals(List.of(new ContentPart.ToolCall(item.path("call_id").asText(), "get_weather_at_location",
                item.path("arguments").asText())), r.content());
        assertTrue(r.toolCalls().get(0).id().startsWith("call_"));
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    }

    @Test
    void reasoningTokensAndTheOrderOfTextAndCalls() {
        ChatResponse r = decode("response_reasoning_message_function_call.json");
        assertTrue(r.content().get(0) instanceof ContentPart.Reasoning, r.content().toString());
        assertTrue(r.content().get(1) instanceof ContentPart.Text, r.content().toString());
        assertTrue(r.content().get(r.content().size() - 1) instanceof ContentPart.ToolCall, r.content().toString());
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
        assertEquals(64, decode("response_reasoning_encrypted_content.json").usage().reasoningTokens());
        // cache_write_tokens is read as nothing: the IR has no cache writes.
        TokenCounts withCacheWrites = decode("response_text_string_input.json").usage();
        JsonNode usage = Json.parseObject(Fixtures.bytes("openai-responses/response_text_string_input.json"), "f")
                .path("usage");
        assertEquals(usage.path("input_tokens").asInt(), withCacheWrites.inputTokens());
        assertEquals(usage.path("output_tokens").asInt(), withCacheWrites.outputTokens());
    }

    @Test
    void incompleteAndFailedAnswers() {
        String incomplete = "{\"id\":\"resp_1\",\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":"
                + "\"max_output_tokens\"},\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\","
                + "\"text\":\"Once\"}]}]}";
        assertEquals(FinishReason.LENGTH, CODEC.decodeResponse(bytes(incomplete)).finishReason());
        assertEquals(FinishReason.CONTENT_FILTER, CODEC.decodeResponse(bytes(incomplete.replace("max_output_tokens",
                "content_filter"))).finishReason());
        assertThrows(RuntimeException.class, () -> CODEC.decodeResponse(bytes("{\"id\":\"resp_1\",\"status\":"
                + "\"failed\",\"output\":[]}")), "a failed response is not an answer");
    }

    @Test
    void theErrorBodyIsOpenAis() {
        var e = CODEC.decodeError(400, Fixtures.bytes("openai-responses/error_400_invalid_temperature.json")).error();
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        assertEquals("decimal_below_min_value", e.code());
        assertTrue(e.message().startsWith("Invalid 'temperature'"), e.message());
    }

    // ---- IR -> Responses client ---------------------------------------------------------------------------

    @Test
    void anAnswerEncodesAsAResponseObject() {
        ChatRequest request = ChatRequest.builder().model("public").system("Be brief.")
                .messages(List.of(Message.text(Role.USER, "hi"))).maxTokens(100).build();
        ChatResponse answer = new ChatResponse("msg_abc", "claude-x", List.of(new ContentPart.Text("Hel"),
                new ContentPart.Text("lo"), new ContentPart.ToolCall("toolu_1", "get_weather", "{\"city\":\"P\"}")),
                FinishReason.TOOL_CALLS, new TokenCounts(10, 5, 2, 1));
        JsonNode r = Json.parseObject(CODEC.encodeResponse(answer, request), "r");
        assertEquals("resp_msg_abc", r.path("id").asText());
        assertEquals("response", r.path("object").asText());
        assertEquals(1_764_777_657L, r.path("created_at").asLong());
        assertEquals("completed", r.path("status").asText());
        assertEquals("claude-x", r.path("model").asText());
        assertEquals("Be brief.", r.path("instructions").asText());
        assertEquals(100, r.path("max_output_tokens").asInt());
        assertEquals(Json.tryParse("[{\"id\":\"msg_msg_abc_0\",\"type\":\"message\",\"status\":\"completed\","
                + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hello\","
                + "\"annotations\":[],\"logprobs\":[]}]},{\"id\":\"fc_msg_abc_1\",\"type\":\"function_call\","
                + "\"status\":\"completed\",\"call_id\":\"toolu_1\",\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"P\\\"}\"}]"), r.path("output"));
        assertEquals(Json.tryParse("{\"input_tokens\":10,\"input_tokens_details\":{\"cached_tokens\":2},"
                + "\"output_tokens\":5,\"output_tokens_details\":{\"reasoning_tokens\":1},\"total_tokens\":15}"),
                r.path("usage"));
        // What openai-java requires of every response, and what a stateless router states.
        assertTrue(r.path("tools").isArray());
        assertEquals("auto", r.path("tool_choice").asText());
        assertTrue(r.path("parallel_tool_calls").booleanValue());
        assertEquals(false, r.path("store").booleanValue());
        assertTrue(r.path("previous_response_id").isNull());
    }

    @Test
    void aCutAnswerIsIncompleteAndUsageIsAlwaysThere() {
        JsonNode r = Json.parseObject(CODEC.encodeResponse(new ChatResponse(null, null,
                List.of(new ContentPart.Text("Once")), FinishReason.LENGTH, null), null), "r");
        assertEquals("incomplete", r.path("status").asText());
        assertEquals("max_output_tokens", r.path("incomplete_details").path("reason").asText());
        assertTrue(r.path("id").asText().startsWith("resp_"));
        assertEquals(0, r.path("usage").path("total_tokens").asInt());
        assertTrue(r.path("usage").path("output_tokens_details").has("reasoning_tokens"));
        JsonNode filtered = Json.parseObject(CODEC.encodeResponse(new ChatResponse("resp_x", "m",
                List.of(new ContentPart.Text("No.")), FinishReason.CONTENT_FILTER, null), null), "r");
        assertEquals("content_filter", filtered.path("incomplete_details").path("reason").asText());
        assertEquals("resp_x", filtered.path("id").asText());
    }

    @Test
    void everyRecordedAnswerSurvivesAReEncode() {
        for (String f : Fixtures.list("openai-responses")) {
            String name = f.substring(f.lastIndexOf('/') + 1);
            if (!name.startsWith("response_") || name.equals("response_input_tokens.json")) {
                continue;
            }
            ChatResponse decoded = CODEC.decodeResponse(Fixtures.bytes(f));
            ChatResponse again = CODEC.decodeResponse(CODEC.encodeResponse(decoded, null));
            assertEquals(decoded.text(), again.text(), f);
            assertEquals(decoded.toolCalls(), again.toolCalls(), f);
            assertEquals(decoded.usage(), again.usage(), f);
            assertEquals(decoded.finishReason(), again.finishReason(), f);
            assertEquals(decoded.id(), again.id(), f);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
