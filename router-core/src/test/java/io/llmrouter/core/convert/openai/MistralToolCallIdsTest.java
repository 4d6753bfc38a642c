package io.llmrouter.core.convert.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.core.convert.InboundContext;
import io.llmrouter.core.convert.Json;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tool-call ids in the nine-alphanumeric form Mistral requires (PROTOCOLS.md §4, §8), and only for Mistral. */
class MistralToolCallIdsTest {

    private static final String ANTHROPIC_ID = "toolu_01A09q90qw90lq917835lq9";
    private final OpenAiCodec codec = new OpenAiCodec();

    /** A conversation that began with an Anthropic model: its call id is Anthropic's. */
    private static ChatRequest conversation() {
        return ChatRequest.builder().model("m").messages(List.of(
                Message.text(Role.USER, "Weather in Paris?"),
                new Message(Role.ASSISTANT, List.of(new ContentPart.ToolCall(ANTHROPIC_ID, "get_weather",
                        "{\"city\":\"Paris\"}"))),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult(ANTHROPIC_ID, "get_weather", "21 C",
                        false))))).build();
    }

    private JsonNode sent(ChatRequest request, String baseUrl) {
        return Json.parseObject(codec.encodeRequest(request, "mistral-large-latest",
                new Key(Protocol.OPENAI, baseUrl, "k")).body(), "body");
    }

    @Test
    void mistralGetsNineAlphanumericIdsThatStillLinkCallAndResult() {
        JsonNode messages = sent(conversation(), "https://api.mistral.ai").path("messages");
        String callId = messages.get(1).path("tool_calls").get(0).path("id").asText();
        assertTrue(callId.matches("[a-zA-Z0-9]{9}"), callId);
        assertEquals(callId, messages.get(2).path("tool_call_id").asText());
        // The same id maps the same way on the next turn, so the conversation stays consistent.
        assertEquals(callId, MistralToolCallIds.of(ANTHROPIC_ID));
    }

    @Test
    void otherUpstreamsKeepTheIdsAsSent() {
        for (String base : new String[] {"https://api.openai.com", "https://api.groq.com/openai/v1",
                "https://notmistral.ai.example.com", "https://mistral.ai.example.com"}) {
            JsonNode messages = sent(conversation(), base).path("messages");
            assertEquals(ANTHROPIC_ID, messages.get(1).path("tool_calls").get(0).path("id").asText(), base);
            assertEquals(ANTHROPIC_ID, messages.get(2).path("tool_call_id").asText(), base);
        }
        assertTrue(MistralToolCallIds.applies(new Key(Protocol.OPENAI, "https://codestral.mistral.ai/v1", "k")));
        assertTrue(MistralToolCallIds.applies(new Key(Protocol.OPENAI, "https://API.MISTRAL.AI:443", "k")));
    }

    @Test
    void idsAlreadyInMistralsFormAreKeptAndDistinctIdsStayDistinct() {
        assertEquals("D681PevKs", MistralToolCallIds.of("D681PevKs"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = MistralToolCallIds.of("call_" + i);
            assertTrue(id.matches("[a-zA-Z0-9]{9}"), id);
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
        assertNotEquals(MistralToolCallIds.of("call_é"), MistralToolCallIds.of("call_e"));
        assertFalse(MistralToolCallIds.of("abcdefgh_").equals("abcdefgh_"), "nine characters, not all alphanumeric");
    }

    @Test
    void anOpenAiClientsOwnBodyIsRewrittenOnItsWayToMistralToo() {
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\","
                + "\"content\":null,\"tool_calls\":[{\"id\":\"call_abc123def456\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_abc123def456\","
                + "\"content\":\"ok\"}]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ChatRequest decoded = codec.decodeRequest(bytes, InboundContext.BODY_ONLY);
        JsonNode sent = Json.parseObject(codec.passthroughRequest(Json.parseObject(bytes, "client body"), decoded,
                "mistral-large-latest", new Key(Protocol.OPENAI, "https://api.mistral.ai/v1", "k")).body(), "body");
        String id = MistralToolCallIds.of("call_abc123def456");
        assertEquals(id, sent.path("messages").get(1).path("tool_calls").get(0).path("id").asText());
        assertEquals(id, sent.path("messages").get(2).path("tool_call_id").asText());
    }
}
