package io.llmrouter.core.convert.azure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.core.convert.DecodedError;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.convert.openai.OpenAiCodec;
import io.llmrouter.core.convert.openai.OpenAiPassthrough;
import io.llmrouter.core.convert.openai.OpenAiRequestEncoder;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.Map;

/**
 * Azure OpenAI, upstream only: OpenAI bodies and streams, the deployment (the endpoint's model) in the URL, the key
 * in an {@code api-key} header. Client-side methods delegate to {@link OpenAiCodec}; the stream decoder already
 * ignores Azure's {@code prompt_filter_results} preamble and {@code content_filter_results}.
 */
public class AzureOpenAiCodec implements ProtocolCodec {

    private final OpenAiCodec openAi = new OpenAiCodec();
    private final OpenAiRequestEncoder requestEncoder = new OpenAiRequestEncoder();
    private final OpenAiPassthrough passthrough = new OpenAiPassthrough();

    @Override
    public Protocol protocol() {
        return Protocol.AZURE_OPENAI;
    }

    @Override
    public ChatRequest decodeRequest(ObjectNode body, InboundContext ctx) {
        return openAi.decodeRequest(body, ctx);
    }

    @Override
    public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
        return openAi.encodeResponse(response, request);
    }

    @Override
    public StreamEncoder streamEncoder(ChatRequest request, InboundContext ctx) {
        return openAi.streamEncoder(request, ctx);
    }

    @Override
    public EncodedError encodeError(ApiError error) {
        return openAi.encodeError(error);
    }

    @Override
    public UpstreamRequest encodeRequest(ChatRequest request, String model, Key key) {
        return upstream(requestEncoder.encode(request, model), request.stream(), model, key);
    }

    @Override
    public UpstreamRequest passthroughRequest(ObjectNode clientBody, ChatRequest decoded, String model, Key key) {
        ObjectNode body = passthrough.rewrite(clientBody, model);
        return upstream(body, body.path("stream").asBoolean(false), model, key);
    }

    @Override
    public ChatResponse decodeResponse(byte[] body) {
        return openAi.decodeResponse(body);
    }

    @Override
    public StreamDecoder streamDecoder(FrameLimits limits) {
        return openAi.streamDecoder(limits);
    }

    @Override
    public DecodedError decodeError(int status, byte[] body) {
        return openAi.decodeError(status, body);
    }

    private static UpstreamRequest upstream(ObjectNode body, boolean stream, String deployment, Key key) {
        // The body keeps model = deployment: the v1 API reads it, the classic API ignores it.
        Map<String, String> headers = Map.of("api-key", key.apiKey(), "Content-Type", "application/json",
                "Accept", stream ? "text/event-stream" : "application/json");
        return new UpstreamRequest(AzureUrls.chatCompletions(key, deployment), headers, Json.bytes(body), stream);
    }
}
