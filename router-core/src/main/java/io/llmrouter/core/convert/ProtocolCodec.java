package io.llmrouter.core.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;

/**
 * Everything the router needs to speak one protocol, on both sides of a call. One bean per protocol, qualified
 * with {@link ForProtocol}; each method delegates to a small class in the protocol's package.
 *
 * <p>Client side: decode what a client sends, encode what it receives. Upstream side: encode what we send to an
 * upstream of this protocol, decode what it answers. Decoders throw {@link io.llmrouter.api.error.RouterException}
 * with kind {@code INVALID_REQUEST} for malformed input (never another exception type).
 */
public interface ProtocolCodec {

    /** The protocol spoken. */
    Protocol protocol();

    // ---- client side ---------------------------------------------------------------------------------------

    /** Decodes a client request body. {@code ctx} carries what the route says (Gemini model and stream flag). */
    default ChatRequest decodeRequest(byte[] body, InboundContext ctx) {
        return decodeRequest(Json.parseRequest(body), ctx);
    }

    /**
     * Decodes a client request body already parsed. The router parses each body once: decoding and same-protocol
     * passthrough share the tree.
     */
    ChatRequest decodeRequest(ObjectNode body, InboundContext ctx);

    /** Encodes a complete answer for the client that sent {@code request}. */
    byte[] encodeResponse(ChatResponse response, ChatRequest request);

    /** A fresh, stateful encoder for one streamed answer to the client that sent {@code request}. */
    StreamEncoder streamEncoder(ChatRequest request, InboundContext ctx);

    /** Encodes an error as this protocol's clients expect it: status, content type and body. */
    EncodedError encodeError(ApiError error);

    // ---- upstream side -------------------------------------------------------------------------------------

    /** Encodes the request for an upstream of this protocol; {@code model} is the upstream model to ask for. */
    UpstreamRequest encodeRequest(ChatRequest request, String model, Key key);

    /**
     * Same protocol in and out: forwards the client's body with only the model rewritten (and, for streams, usage
     * reporting switched on where the protocol needs it), so fields the router does not model survive.
     */
    default UpstreamRequest passthroughRequest(byte[] clientBody, ChatRequest decoded, String model, Key key) {
        return passthroughRequest(Json.parseRequest(clientBody), decoded, model, key);
    }

    /** {@link #passthroughRequest(byte[], ChatRequest, String, Key)} on the parsed body, which it may modify. */
    UpstreamRequest passthroughRequest(ObjectNode clientBody, ChatRequest decoded, String model, Key key);

    /** Decodes a successful upstream answer. */
    ChatResponse decodeResponse(byte[] body);

    /** A fresh, stateful decoder for one upstream stream, with the {@link FrameLimits#DEFAULTS}. */
    default StreamDecoder streamDecoder() {
        return streamDecoder(FrameLimits.DEFAULTS);
    }

    /** A fresh, stateful decoder for one upstream stream, holding no line or event larger than {@code limits}. */
    StreamDecoder streamDecoder(FrameLimits limits);

    /**
     * Decodes an upstream error body (any shape, possibly empty or not JSON) with its HTTP status, and what it says
     * beyond the status for the failure classifier; the body is parsed once, here.
     */
    DecodedError decodeError(int status, byte[] body);
}
