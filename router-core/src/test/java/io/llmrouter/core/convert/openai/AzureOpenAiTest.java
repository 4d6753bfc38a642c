package io.llmrouter.core.convert.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.testing.Splits;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AzureOpenAiTest {

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.AZURE_OPENAI);
    private final ChatRequest request = ChatRequest.builder().model("public")
            .messages(List.of(Message.text(Role.USER, "hi"))).stream(true).build();

    @Test
    void theDeploymentStaysOnePathSegmentOfTheUrl() {
        Key key = new Key(Protocol.AZURE_OPENAI, "https://res.openai.azure.com", "azkey", null);
        assertEquals("https://res.openai.azure.com/openai/deployments/..%2Fx%3Fa%3D1%23f%20g/chat/completions"
                + "?api-version=" + Key.DEFAULT_AZURE_API_VERSION,
                codec.encodeRequest(request, "../x?a=1#f g", key).url());
    }

    @Test
    void classicDeploymentUrlWithApiVersionAndApiKeyHeader() {
        Key key = new Key(Protocol.AZURE_OPENAI, "https://res.openai.azure.com/", "azkey", null);
        UpstreamRequest up = codec.encodeRequest(request, "gpt-4o-prod", key);
        assertEquals(Protocol.AZURE_OPENAI, codec.protocol());
        assertEquals("https://res.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version="
                + Key.DEFAULT_AZURE_API_VERSION, up.url());
        assertEquals("azkey", up.headers().get("api-key"));
        assertFalse(up.headers().containsKey("Authorization"));
        JsonNode body = Json.parseObject(up.body(), "body");
        assertTrue(body.get("stream_options").get("include_usage").asBoolean());
        Key dated = new Key(Protocol.AZURE_OPENAI, "https://res.openai.azure.com/openai", "k", "2025-04-01-preview");
        assertEquals("https://res.openai.azure.com/openai/deployments/d/chat/completions?api-version=2025-04-01-preview",
                codec.encodeRequest(request, "d", dated).url());
    }

    @Test
    void v1ApiFormPutsTheDeploymentInTheBody() {
        Key key = new Key(Protocol.AZURE_OPENAI, "https://res.openai.azure.com/openai/v1/", "azkey", "ignored");
        UpstreamRequest up = codec.encodeRequest(request, "my-deployment", key);
        assertEquals("https://res.openai.azure.com/openai/v1/chat/completions", up.url());
        assertEquals("my-deployment", Json.parseObject(up.body(), "body").get("model").asText());
    }

    @Test
    void passthroughKeepsUnknownFields() {
        byte[] client = "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"user\":\"u1\",\"stream\":true}"
                .getBytes(StandardCharsets.UTF_8);
        ChatRequest decoded = codec.decodeRequest(client, InboundContext.BODY_ONLY);
        UpstreamRequest up = codec.passthroughRequest(client, decoded,
                "dep", new Key(Protocol.AZURE_OPENAI, "https://r.openai.azure.com", "k"));
        JsonNode body = Json.parseObject(up.body(), "body");
        assertEquals("u1", body.get("user").asText());
        assertEquals("dep", body.get("model").asText());
        assertTrue(body.get("stream_options").get("include_usage").asBoolean());
        assertTrue(up.url().contains("/openai/deployments/dep/"));
    }

    @Test
    void preambleStreamAndContentFilterError() {
        List<StreamEvent> ev = Splits.assertSplitInvariant(codec::streamDecoder,
                Fixtures.bytes("constructed/openai/azure_stream_preamble.sse"));
        assertEquals(new StreamEvent.TextDelta("Hi"), ev.get(1));
        assertEquals(new StreamEvent.Finish(FinishReason.STOP), ev.get(2));
        var err = codec.decodeError(400, ("{\"error\":{\"message\":\"filtered\",\"type\":null,\"param\":\"prompt\","
                + "\"code\":\"content_filter\",\"status\":400,\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\"}}}")
                .getBytes(StandardCharsets.UTF_8)).error();
        assertEquals(ErrorKind.INVALID_REQUEST, err.kind());
        assertEquals("content_filter", err.code());
    }
}
