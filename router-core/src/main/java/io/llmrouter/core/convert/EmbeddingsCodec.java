package io.llmrouter.core.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.embed.EmbeddingInput;
import io.llmrouter.api.embed.EmbeddingRequest;
import io.llmrouter.api.embed.EmbeddingResponse;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The embeddings side of a protocol, both sides of a call, composed by the protocol's factory and reached through
 * its {@link ProtocolCodec#embeddings()}: the same registry, the same error format ({@link ProtocolCodec#encodeError},
 * {@link ProtocolCodec#decodeError}) and the same field names in drops as the protocol's chat. What converts how is
 * in docs/protocols.md, "Embeddings".
 *
 * <p>An upstream takes at most {@link #maxInputs()} inputs a request; {@link #encodeRequests} splits a larger batch
 * into requests in order ({@link EmbeddingBatches}) and {@link EmbeddingBatches#join} puts their answers back
 * together.
 */
public final class EmbeddingsCodec {

    /** Decodes a client's embeddings body; the fields the neutral form has no place for go to {@code drops}. */
    @FunctionalInterface
    public interface RequestDecoder {
        EmbeddingRequest decode(ObjectNode body, InboundContext ctx, Drops drops);
    }

    /** Encodes an answer for the client that sent {@code request}. */
    @FunctionalInterface
    public interface ResponseEncoder {
        byte[] encode(EmbeddingResponse response, EmbeddingRequest request);
    }

    /**
     * The request to an upstream of the protocol for at most {@link #maxInputs()} inputs; what it cannot take is
     * dropped to {@code out.drops()}, or refused ({@link Drops#refusal}) where leaving it out would change the answer.
     */
    @FunctionalInterface
    public interface RequestEncoder {
        UpstreamRequest encode(EmbeddingRequest request, Outbound out);
    }

    /** Reads an upstream's successful answer to {@code sent}; a runtime exception for an unreadable one. */
    @FunctionalInterface
    public interface ResponseDecoder {
        DecodedEmbeddings decode(byte[] body, EmbeddingRequest sent);
    }

    private final Protocol protocol;
    private final RequestDecoder requestDecoder;
    private final ResponseEncoder responseEncoder;
    private final RequestEncoder requestEncoder;
    private final ResponseDecoder responseDecoder;
    private final int maxInputs;
    private final TokenEstimator estimator = new TokenEstimator();

    /**
     * The embeddings codec of {@code protocol}.
     *
     * @param maxInputs the most inputs an upstream of the protocol takes in one request
     */
    public EmbeddingsCodec(Protocol protocol, int maxInputs, RequestDecoder requestDecoder,
                           ResponseEncoder responseEncoder, RequestEncoder requestEncoder,
                           ResponseDecoder responseDecoder) {
        if (maxInputs < 1) {
            throw new IllegalArgumentException("maxInputs must be positive, got " + maxInputs);
        }
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.maxInputs = maxInputs;
        this.requestDecoder = Objects.requireNonNull(requestDecoder, "requestDecoder");
        this.responseEncoder = Objects.requireNonNull(responseEncoder, "responseEncoder");
        this.requestEncoder = Objects.requireNonNull(requestEncoder, "requestEncoder");
        this.responseDecoder = Objects.requireNonNull(responseDecoder, "responseDecoder");
    }

    /** The protocol spoken. */
    public Protocol protocol() {
        return protocol;
    }

    /** The most inputs an upstream of this protocol takes in one request. */
    public int maxInputs() {
        return maxInputs;
    }

    // ---- client side ---------------------------------------------------------------------------------------

    /**
     * Decodes a client's body already parsed, reporting the fields left out to {@code drops}; like a chat body's
     * decoding, only a {@link io.llmrouter.api.error.RouterException} leaves it (a 400 for anything unforeseen).
     */
    public EmbeddingRequest decodeRequest(ObjectNode body, InboundContext ctx, Drops drops) {
        return ProtocolCodec.guarded(() -> requestDecoder.decode(body, ctx, drops));
    }

    /** Encodes an answer for the client that sent {@code request}. */
    public byte[] encodeResponse(EmbeddingResponse response, EmbeddingRequest request) {
        return responseEncoder.encode(response, request);
    }

    // ---- upstream side -------------------------------------------------------------------------------------

    /** The request for {@code request}, which must hold at most {@link #maxInputs()} inputs. */
    public UpstreamRequest encodeRequest(EmbeddingRequest request, Outbound out) {
        if (request.inputs().size() > maxInputs) {
            throw new IllegalArgumentException(request.inputs().size() + " inputs for an upstream of " + protocol
                    + " that takes at most " + maxInputs + "; split them first");
        }
        return requestEncoder.encode(request, out);
    }

    /**
     * The requests for {@code request}, its inputs split in order into parts of at most {@link #maxInputs()}: one
     * request per part of {@link EmbeddingBatches#split}, whose answers {@link EmbeddingBatches#join} joins.
     */
    public List<UpstreamRequest> encodeRequests(EmbeddingRequest request, Outbound out) {
        List<UpstreamRequest> requests = new ArrayList<>();
        for (EmbeddingRequest part : EmbeddingBatches.split(request, maxInputs)) {
            requests.add(encodeRequest(part, out));
        }
        return requests;
    }

    /**
     * Decodes an upstream's answer to {@code sent}: one embedding per input, in order (a runtime exception
     * otherwise), the input tokens as counted, or estimated when the upstream counted none.
     */
    public EmbeddingResponse decodeResponse(byte[] body, EmbeddingRequest sent) {
        DecodedEmbeddings decoded = responseDecoder.decode(body, sent);
        if (decoded.embeddings().size() != sent.inputs().size()) {
            throw new IllegalStateException("the upstream answered " + decoded.embeddings().size()
                    + " embeddings for " + sent.inputs().size() + " inputs");
        }
        String model = decoded.model() != null ? decoded.model() : sent.model();
        if (decoded.inputTokens() != null) {
            return new EmbeddingResponse(model, decoded.embeddings(), decoded.inputTokens(), true);
        }
        return new EmbeddingResponse(model, decoded.embeddings(), estimate(sent), false);
    }

    /** The input tokens of {@code request} as the router estimates them: token ids count exactly. */
    public long estimate(EmbeddingRequest request) {
        long tokens = 0;
        for (EmbeddingInput input : request.inputs()) {
            if (input instanceof EmbeddingInput.Text t) {
                tokens += estimator.estimate(t.text()) + estimator.estimate(t.title());
            } else if (input instanceof EmbeddingInput.TokenIds ids) {
                tokens += ids.length();
            }
        }
        return tokens;
    }
}
