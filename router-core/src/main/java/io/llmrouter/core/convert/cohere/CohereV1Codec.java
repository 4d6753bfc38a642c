package io.llmrouter.core.convert.cohere;

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

/** Cohere Chat v1 ({@code /v1/chat}, NDJSON streams) on both sides of the router. */
public final class CohereV1Codec implements ProtocolCodec {

    @Override
    public Protocol protocol() {
        return Protocol.COHERE;
    }

    @Override
    public ChatRequest decodeRequest(ObjectNode body, InboundContext ctx) {
        return CohereV1RequestDecoder.decode(body);
    }

    @Override
    public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
        return CohereV1ResponseEncoder.encode(response);
    }

    @Override
    public StreamEncoder streamEncoder(ChatRequest request, InboundContext ctx) {
        return new CohereV1StreamEncoder();
    }

    @Override
    public EncodedError encodeError(ApiError error) {
        return CohereErrors.encode(error);
    }

    @Override
    public UpstreamRequest encodeRequest(ChatRequest request, String model, Key key) {
        return CohereHttp.request(CohereV1RequestEncoder.encode(request, model), key, request.stream());
    }

    @Override
    public UpstreamRequest passthroughRequest(ObjectNode clientBody, ChatRequest decoded, String model, Key key) {
        return CohereHttp.passthrough(clientBody, model, key);
    }

    @Override
    public ChatResponse decodeResponse(byte[] body) {
        return CohereV1ResponseDecoder.decode(body);
    }

    @Override
    public StreamDecoder streamDecoder(FrameLimits limits) {
        return new CohereV1StreamDecoder(limits);
    }

    @Override
    public DecodedError decodeError(int status, byte[] body) {
        return CohereErrors.decode(status, body);
    }
}
