package io.llmrouter.core.routing;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.embed.EmbeddingRequest;
import io.llmrouter.api.embed.EmbeddingResponse;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.Bytes;
import io.llmrouter.core.wire.InboundContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Calls answered in the router's own process by a {@link Model} instead of an upstream, in the caller's protocol: what
 * the provider simulator speaks every protocol with. The protocol's codec decodes the request and encodes the model's
 * answer, whole, or for a streamed call as the events the model streams, one event's frames at a time.
 */
public final class LocalAnswers {

    /** A model answering in-process. */
    public interface Model {

        /** The answer to {@code request}. */
        ChatResponse answer(ChatRequest request);

        /** The events {@code answer} streams as, in order. */
        List<StreamEvent> stream(ChatResponse answer);

        /** The input tokens of {@code request}, as the model counts them. */
        int inputTokens(ChatRequest request);
    }

    /** A model answering embeddings in-process. */
    @FunctionalInterface
    public interface Embedder {

        /**
         * The embeddings of {@code request}'s inputs, in order, in every form it asks for; a {@link RouterException}
         * for a request it refuses, answered in the protocol's format.
         */
        EmbeddingResponse embed(EmbeddingRequest request);
    }

    private final Codecs codecs;

    public LocalAnswers(Codecs codecs) {
        this.codecs = codecs;
    }

    /**
     * {@code model}'s answer to a call in {@code protocol}: complete, or a stream whose frames come {@code pace}
     * apart. A request the protocol cannot decode gets its 400, as {@link #fail} sends it.
     */
    public RoutedResponse answer(Protocol protocol, byte[] body, InboundContext ctx, Model model, Duration pace) {
        ProtocolCodec codec = codecs.of(protocol);
        ChatRequest request;
        try {
            request = codec.decodeRequest(body, ctx);
        } catch (RouterException e) {
            return fail(protocol, e.error(), -1);
        }
        ChatResponse answer = model.answer(request);
        if (!(request.stream() || ctx.streamRoute())) {
            return new RoutedResponse.Complete(200, Responses.JSON, Map.of(), codec.encodeResponse(answer, request),
                    Optional.empty());
        }
        StreamEncoder encoder = codec.streamEncoder(request, ctx);
        List<byte[]> frames = new ArrayList<>();
        for (StreamEvent e : model.stream(answer)) {
            List<byte[]> group = new ArrayList<>();
            encoder.encode(e, group::add);
            frames.add(Bytes.concat(group));
        }
        List<byte[]> tail = new ArrayList<>();
        encoder.end(tail::add);
        frames.add(Bytes.concat(tail));
        Multi<byte[]> paced = Multi.createFrom().iterable(frames).filter(f -> f.length > 0);
        if (!pace.isZero()) {
            paced = paced.onItem().call(f -> Uni.createFrom().voidItem().onItem().delayIt().by(pace));
        }
        return new RoutedResponse.Streamed(encoder.contentType(), Map.of(), paced);
    }

    /**
     * {@code model}'s count of the input tokens of a count request in {@code protocol} (its count body, as the router
     * sends it to a counting upstream), in the protocol's count answer. A protocol without a count of its own
     * answers 404; a request it cannot decode, its 400.
     */
    public RoutedResponse count(Protocol protocol, byte[] body, InboundContext ctx, Model model) {
        ProtocolCodec codec = codecs.of(protocol);
        if (!codec.answersCounts()) {
            return fail(protocol, ApiError.of(ErrorKind.NOT_FOUND, "no count of tokens in " + protocol.configName()),
                    -1);
        }
        ChatRequest request;
        try {
            request = codec.decodeCountRequest(Json.parseRequest(body), ctx, Drops.recording());
        } catch (RouterException e) {
            return fail(protocol, e.error(), -1);
        }
        return new RoutedResponse.Complete(200, Responses.JSON, Map.of(), codec.encodeCount(model.inputTokens(request)),
                Optional.empty());
    }

    /**
     * {@code embedder}'s answer to an embeddings request in {@code protocol} (its body as the router sends it to an
     * upstream of the protocol), in the protocol's answer. A protocol without embeddings answers 404; a request it
     * cannot decode, its 400.
     */
    public RoutedResponse embed(Protocol protocol, byte[] body, InboundContext ctx, Embedder embedder) {
        ProtocolCodec codec = codecs.of(protocol);
        if (!codec.embeds()) {
            return fail(protocol, ApiError.of(ErrorKind.NOT_FOUND, "no embeddings in " + protocol.configName()), -1);
        }
        EmbeddingRequest request;
        EmbeddingResponse answer;
        try {
            request = codec.embeddings().decodeRequest(Json.parseRequest(body), ctx, Drops.recording());
            answer = embedder.embed(request);
        } catch (RouterException e) {
            return fail(protocol, e.error(), -1);
        }
        return new RoutedResponse.Complete(200, Responses.JSON, Map.of(),
                codec.embeddings().encodeResponse(answer, request), Optional.empty());
    }

    /**
     * A failure as an upstream of {@code protocol} sends it: the error in the protocol's format with the error's own
     * status (a simulated 503 stays 503 where the protocol's clients would get its kind's status), and
     * {@code Retry-After} when {@code retryAfterMillis} is not negative.
     */
    public RoutedResponse.Complete fail(Protocol protocol, ApiError error, long retryAfterMillis) {
        EncodedError enc = codecs.of(protocol).encodeError(error);
        return new RoutedResponse.Complete(error.status(), enc.contentType(),
                Responses.headers(retryAfterMillis, null, 0), enc.body(), Optional.empty());
    }
}
