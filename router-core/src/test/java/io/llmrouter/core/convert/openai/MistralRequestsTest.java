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
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.anthropic.Anthropic;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.InboundContext;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Mistral's dialect of the OpenAI request (docs/protocols.md#provider-dialects), and only for Mistral. */
class MistralRequestsTest {

    private static final String ANTHROPIC_ID = "toolu_01A09q90qw90lq917835lq9";
    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.OPENAI);

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
        assertEquals(callId, MistralRequests.id(ANTHROPIC_ID));
    }

    @Test
    void otherUpstreamsKeepTheIdsAsSent() {
        for (String base : new String[] {"https://api.openai.com", "https://api.groq.com/openai/v1",
                "https://notmistral.ai.example.com", "https://mistral.ai.example.com"}) {
            JsonNode messages = sent(conversation(), base).path("messages");
            assertEquals(ANTHROPIC_ID, messages.get(1).path("tool_calls").get(0).path("id").asText(), base);
            assertEquals(ANTHROPIC_ID, messages.get(2).path("tool_call_id").asText(), base);
        }
        assertTrue(MistralRequests.serves(UpstreamHost.of(new Key(Protocol.OPENAI, "https://codestral.mistral.ai/v1",
                "k"))));
        assertTrue(MistralRequests.serves(UpstreamHost.of(new Key(Protocol.OPENAI, "https://API.MISTRAL.AI:443",
                "k"))));
        assertFalse(MistralRequests.serves("notmistral.ai"));
    }

    @Test
    void idsAlreadyInMistralsFormAreKeptAndDistinctIdsStayDistinct() {
        assertEquals("D681PevKs", MistralRequests.id("D681PevKs"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = MistralRequests.id("call_" + i);
            assertTrue(id.matches("[a-zA-Z0-9]{9}"), id);
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
        assertNotEquals(MistralRequests.id("call_é"), MistralRequests.id("call_e"));
        assertFalse(MistralRequests.id("abcdefgh_").equals("abcdefgh_"), "nine characters, not all alphanumeric");
    }

    @Test
    void anOpenAiClientsOwnBodyIsRewrittenOnItsWayToMistralToo() {
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\","
                + "\"content\":null,\"tool_calls\":[{\"id\":\"call_abc123def456\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_abc123def456\","
                + "\"content\":\"ok\"}]}";
        JsonNode sent = passedThroughToMistral(body);
        String id = MistralRequests.id("call_abc123def456");
        assertEquals(id, sent.path("messages").get(1).path("tool_calls").get(0).path("id").asText());
        assertEquals(id, sent.path("messages").get(2).path("tool_call_id").asText());
    }

    @Test
    void aStreamedRequestLeavesOutWhatMistralRefusesAndRenamesWhatItSpellsOtherwise() {
        ChatRequest request = conversation().toBuilder().stream(true).seed(42L).user("end-user-1").maxTokens(64)
                .temperature(0.2).build();
        JsonNode mistral = sent(request, "https://api.mistral.ai/v1");
        assertFalse(mistral.has("stream_options"), "Mistral: 422 extra_forbidden; it reports usage at the end anyway");
        assertFalse(mistral.has("user"));
        assertFalse(mistral.has("seed"));
        assertEquals(42, mistral.path("random_seed").asInt());
        assertEquals(64, mistral.path("max_tokens").asInt());
        assertEquals(0.2, mistral.path("temperature").asDouble());
        assertTrue(mistral.path("stream").asBoolean());
        // Elsewhere the same request keeps OpenAI's spelling.
        JsonNode openai = sent(request, "https://api.groq.com/openai/v1");
        assertTrue(openai.path("stream_options").path("include_usage").asBoolean());
        assertEquals(42, openai.path("seed").asInt());
        assertEquals("end-user-1", openai.path("user").asText());
    }

    @Test
    void aPassedThroughOpenAiBodyIsCleanedDownToMistralsSchema() {
        String body = "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"max_completion_tokens\":99,\"store\":true,\"safety_identifier\":\"u\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"hi\",\"name\":\"ann\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hello\",\"refusal\":null,\"annotations\":[]},"
                + "{\"role\":\"user\",\"content\":\"again\"}]}";
        JsonNode sent = passedThroughToMistral(body);
        assertEquals(Set.of("model", "stream", "max_tokens", "messages"), fieldNames(sent));
        assertEquals(99, sent.path("max_tokens").asInt());
        assertEquals(Set.of("role", "content", "name"), fieldNames(sent.path("messages").get(0)));
        assertEquals(Set.of("role", "content"), fieldNames(sent.path("messages").get(1)));
    }

    /** What Mistral receives for an OpenAI client's own body (same-protocol passthrough). */
    private JsonNode passedThroughToMistral(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ChatRequest decoded = codec.decodeRequest(bytes, InboundContext.BODY_ONLY);
        return Json.parseObject(codec.passthroughRequest(bytes, decoded,
                "mistral-large-latest", new Key(Protocol.OPENAI, "https://api.mistral.ai/v1", "k")).body(), "body");
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
