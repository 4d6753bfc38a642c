package io.llmrouter.core.convert.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.InboundContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What OpenAI's reasoning models refuse, left out for them on OpenAI's own API only. */
class OpenAiReasoningModelsTest {

    private static final Key OPENAI = new Key(Protocol.OPENAI, "https://api.openai.com/v1", "k");
    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.OPENAI);

    private JsonNode sent(String model, Key key) {
        ChatRequest request = ChatRequest.builder().model("public").messages(List.of(Message.text(Role.USER, "hi")))
                .temperature(0.7).topP(0.9).presencePenalty(0.5).frequencyPenalty(0.5).maxTokens(300).build();
        return Json.parseObject(codec.encodeRequest(request, model, key).body(), "body");
    }

    @Test
    void reasoningModelsGetNoSamplingControlsAndMaxCompletionTokens() {
        for (String model : new String[] {"o1", "o3-mini", "o4-mini-2025-04-16", "gpt-5", "gpt-5-mini", "gpt-5.1"}) {
            JsonNode b = sent(model, OPENAI);
            for (String field : new String[] {"temperature", "top_p", "presence_penalty", "frequency_penalty",
                    "max_tokens"}) {
                assertFalse(b.has(field), model + " " + field);
            }
            assertEquals(300, b.path("max_completion_tokens").asInt(), model);
        }
    }

    @Test
    void chatModelsAndOtherHostsKeepThem() {
        for (String model : new String[] {"gpt-4o", "gpt-4.1-mini", "gpt-5-chat-latest", "o10-test"}) {
            JsonNode b = sent(model, OPENAI);
            assertEquals(0.7, b.path("temperature").asDouble(), model);
            assertEquals(0.5, b.path("presence_penalty").asDouble(), model);
        }
        // An OpenAI-compatible host serving a model of the same name is not OpenAI's API.
        JsonNode proxied = sent("o3-mini", new Key(Protocol.OPENAI, "https://openrouter.example/api/v1", "k"));
        assertEquals(0.7, proxied.path("temperature").asDouble());
        assertEquals(300, proxied.path("max_tokens").asInt());
    }

    @Test
    void aPassedThroughBodyIsAdaptedTooAndATemperatureOfOneStays() {
        String body = "{\"model\":\"chat\",\"temperature\":1,\"top_p\":0.5,\"max_tokens\":50,\"logit_bias\":{\"1\":2},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ChatRequest decoded = codec.decodeRequest(bytes, InboundContext.BODY_ONLY);
        JsonNode sent = Json.parseObject(codec.passthroughRequest(bytes, decoded,
                "gpt-5", OPENAI).body(), "body");
        assertEquals(1, sent.path("temperature").asInt());
        assertFalse(sent.has("top_p"));
        assertFalse(sent.has("logit_bias"));
        assertFalse(sent.has("max_tokens"));
        assertEquals(50, sent.path("max_completion_tokens").asInt());
        assertTrue(OpenAiReasoningModels.matches("O3"));
    }
}
