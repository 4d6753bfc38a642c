package io.llmrouter.core.convert.openai;

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
import io.llmrouter.core.json.Json;
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.wire.BaseUrls;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.time.Clock;
import java.util.Map;

/** OpenAI Chat Completions, client and upstream side; each method delegates to one small class of this package. */
public class OpenAiCodec implements ProtocolCodec {

    private final Clock clock;
    private final OpenAiRequestDecoder requestDecoder = new OpenAiRequestDecoder();
    private final OpenAiRequestEncoder requestEncoder = new OpenAiRequestEncoder();
    private final OpenAiPassthrough passthrough = new OpenAiPassthrough();
    private final OpenAiResponseDecoder responseDecoder = new OpenAiResponseDecoder();
    private final OpenAiResponseEncoder responseEncoder;

    /** The codec with the system clock (for {@code created} timestamps). */
    public OpenAiCodec() {
        this(Clock.systemUTC());
    }

    /** The codec with a given clock, for tests. */
    public OpenAiCodec(Clock clock) {
        this.clock = clock;
        this.responseEncoder = new OpenAiResponseEncoder(clock);
    }

    @Override
    public Protocol protocol() {
        return Protocol.OPENAI;
    }

    @Override
    public ChatRequest decodeRequest(ObjectNode body, InboundContext ctx) {
        return requestDecoder.decode(body);
    }

    @Override
    public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
        return responseEncoder.encode(response, request);
    }

    @Override
    public StreamEncoder streamEncoder(ChatRequest request, InboundContext ctx) {
        return new OpenAiStreamEncoder(request == null ? null : request.model(),
                request != null && request.includeUsage(), clock);
    }

    @Override
    public EncodedError encodeError(ApiError error) {
        return OpenAiErrors.encode(error);
    }

    @Override
    public UpstreamRequest encodeRequest(ChatRequest request, String model, Key key) {
        String host = UpstreamHost.of(key);
        return upstream(requestEncoder.encode(request, model, UpstreamHost.OPENAI.equals(host)), request.stream(), key,
                host);
    }

    @Override
    public UpstreamRequest passthroughRequest(ObjectNode clientBody, ChatRequest decoded, String model, Key key) {
        ObjectNode body = passthrough.rewrite(clientBody, model);
        return upstream(body, body.path("stream").asBoolean(false), key, UpstreamHost.of(key));
    }

    @Override
    public ChatResponse decodeResponse(byte[] body) {
        return responseDecoder.decode(body);
    }

    @Override
    public StreamDecoder streamDecoder(FrameLimits limits) {
        return new OpenAiStreamDecoder(limits);
    }

    @Override
    public DecodedError decodeError(int status, byte[] body) {
        return OpenAiErrors.decode(status, body);
    }

    /** The request to {@code key}, whose base URL's host is {@code host}, in that provider's dialect. */
    private static UpstreamRequest upstream(ObjectNode body, boolean stream, Key key, String host) {
        if (MistralRequests.serves(host)) {
            MistralRequests.adapt(body);
        } else if (ZhipuRequests.serves(host)) {
            ZhipuRequests.adapt(body);
        } else if (UpstreamHost.OPENAI.equals(host)
                && OpenAiReasoningModels.matches(body.path("model").asText())) {
            OpenAiReasoningModels.adapt(body);
        }
        Map<String, String> headers = Map.of("Authorization", "Bearer " + key.apiKey(),
                "Content-Type", "application/json",
                "Accept", stream ? "text/event-stream" : "application/json");
        return new UpstreamRequest(BaseUrls.resolve(key, "/chat/completions"), headers, Json.bytes(body), stream);
    }
}
