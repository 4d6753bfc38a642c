package io.llmrouter.core.convert.gemini;

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
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;

/** The Gemini generateContent protocol ({@code /v1beta/models/{model}:generateContent}), both sides of a call. */
public class GeminiCodec implements ProtocolCodec {

    private final GeminiRequestDecoder requestDecoder = new GeminiRequestDecoder();
    private final GeminiRequestEncoder requestEncoder = new GeminiRequestEncoder();
    private final GeminiResponseDecoder responseDecoder = new GeminiResponseDecoder();
    private final GeminiResponseEncoder responseEncoder = new GeminiResponseEncoder();
    private final GeminiErrors errors = new GeminiErrors();

    /** A stateless codec; the stream coders it hands out are per stream. */
    public GeminiCodec() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.GEMINI;
    }

    @Override
    public ChatRequest decodeRequest(ObjectNode body, InboundContext ctx) {
        return requestDecoder.decode(body, ctx);
    }

    @Override
    public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
        return responseEncoder.encode(response);
    }

    @Override
    public StreamEncoder streamEncoder(ChatRequest request, InboundContext ctx) {
        return new GeminiStreamEncoder(ctx == null || ctx.sse());
    }

    @Override
    public EncodedError encodeError(ApiError error) {
        return errors.encode(error);
    }

    @Override
    public UpstreamRequest encodeRequest(ChatRequest request, String model, Key key) {
        return requestEncoder.encode(request, model, key);
    }

    @Override
    public UpstreamRequest passthroughRequest(ObjectNode clientBody, ChatRequest decoded, String model, Key key) {
        return requestEncoder.passthrough(clientBody, decoded, model, key);
    }

    @Override
    public ChatResponse decodeResponse(byte[] body) {
        return responseDecoder.decode(body);
    }

    @Override
    public StreamDecoder streamDecoder(FrameLimits limits) {
        return new GeminiStreamDecoder(limits);
    }

    @Override
    public DecodedError decodeError(int status, byte[] body) {
        return errors.decode(status, body);
    }
}
