package io.llmrouter.core.convert.anthropic;

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

/** The Anthropic Messages codec: a thin facade over one converter class per direction. */
public class AnthropicCodec implements ProtocolCodec {

    /**
     * {@code max_tokens} sent to Anthropic when the client gave none: Anthropic requires it
     * (docs/protocols.md#provider-dialects), and 4096 is within the output limit of every current Claude model.
     */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    private final AnthropicRequestEncoder requestEncoder;

    /** A codec sending {@link #DEFAULT_MAX_TOKENS} when a request has no output limit. */
    public AnthropicCodec() {
        this(DEFAULT_MAX_TOKENS);
    }

    /** A codec sending {@code defaultMaxTokens} when a request has no output limit. */
    public AnthropicCodec(int defaultMaxTokens) {
        if (defaultMaxTokens < 1) {
            throw new IllegalArgumentException("defaultMaxTokens must be positive, got " + defaultMaxTokens);
        }
        this.requestEncoder = new AnthropicRequestEncoder(defaultMaxTokens);
    }

    @Override
    public Protocol protocol() {
        return Protocol.ANTHROPIC;
    }

    @Override
    public ChatRequest decodeRequest(ObjectNode body, InboundContext ctx) {
        return AnthropicRequestDecoder.decode(body);
    }

    @Override
    public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
        return AnthropicResponseEncoder.encode(response, request);
    }

    @Override
    public StreamEncoder streamEncoder(ChatRequest request, InboundContext ctx) {
        return new AnthropicStreamEncoder(request);
    }

    @Override
    public EncodedError encodeError(ApiError error) {
        return AnthropicErrors.encode(error);
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
        return AnthropicResponseDecoder.decode(body);
    }

    @Override
    public StreamDecoder streamDecoder(FrameLimits limits) {
        return new AnthropicStreamDecoder(limits);
    }

    @Override
    public DecodedError decodeError(int status, byte[] body) {
        return AnthropicErrors.decode(status, body);
    }
}
