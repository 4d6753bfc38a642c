package io.llmrouter.core.convert.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.Outbound;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A converted request counted at Anthropic carries only what count_tokens takes. */
class AnthropicCountTest {

    private static final ProtocolCodec ANTHROPIC = Codecs.defaults().of(Protocol.ANTHROPIC);

    @Test
    void aConvertedCountSendsOnlyTheCountFields() {
        ChatRequest request = Codecs.defaults().of(Protocol.OPENAI).decodeRequest("""
                {"model":"m","max_tokens":50,"temperature":0.2,"top_p":0.9,"stop":["x"],"user":"u",
                 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]}"""
                .getBytes(StandardCharsets.UTF_8), InboundContext.BODY_ONLY);

        UpstreamRequest sent = ANTHROPIC.encodeCountRequest(request, null,
                Outbound.of("claude-x", new Key(Protocol.ANTHROPIC, "https://a.example", "k")));

        assertEquals("https://a.example/v1/messages/count_tokens", sent.url());
        JsonNode body = Json.tryParse(new String(sent.body(), StandardCharsets.UTF_8));
        Set<String> fields = new TreeSet<>();
        body.properties().forEach(e -> fields.add(e.getKey()));
        assertEquals(Set.of("messages", "model", "system", "tools"), fields);
        assertEquals("claude-x", body.path("model").asText());
    }

    @Test
    void aCountAnswerWithoutInputTokensIsUnreadable() {
        assertEquals(1114, ANTHROPIC.decodeCount("{\"input_tokens\":1114}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(RuntimeException.class, () -> ANTHROPIC.decodeCount("{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"input_tokens\":7}", new String(ANTHROPIC.encodeCount(7), StandardCharsets.UTF_8));
    }
}
