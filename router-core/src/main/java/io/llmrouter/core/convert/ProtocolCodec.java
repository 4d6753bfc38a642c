package io.llmrouter.core.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.wire.ForwardedHeaders;
import io.llmrouter.core.wire.HeaderLookup;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Everything the router needs to speak one protocol, on both sides of a call: the decoders and encoders of the
 * protocol's package, composed by its factory ({@code OpenAi.codec}, {@code Anthropic.codec}, ...) and registered in
 * {@link Codecs}. A final composition, not a type to implement: each part is one small class of the protocol's
 * package, and the upstream request encoder is where the conversion (the body) meets the protocol's wire (URL,
 * credentials, host dialect).
 *
 * <p>Client side: decode what a client sends, encode what it receives. Upstream side: encode what we send to an
 * upstream of this protocol, decode what it answers. Client-side decoders throw {@link RouterException} with kind
 * {@code INVALID_REQUEST} for malformed input; the codec turns any other runtime exception of theirs into one, so
 * no decoder needs its own guard.
 */
public final class ProtocolCodec {

    /**
     * Decodes a client's request body; {@code ctx} carries what the route says (Gemini's model and stream flag), and
     * the client's fields the intermediate form has no place for are reported to {@code drops}.
     */
    @FunctionalInterface
    public interface RequestDecoder {
        ChatRequest decode(ObjectNode body, InboundContext ctx, Drops drops);
    }

    /** Encodes a complete answer for the client that sent {@code request}. */
    @FunctionalInterface
    public interface ResponseEncoder {
        byte[] encode(ChatResponse response, ChatRequest request);
    }

    /** A fresh, stateful encoder for one streamed answer. */
    @FunctionalInterface
    public interface StreamEncoders {
        StreamEncoder open(ChatRequest request, InboundContext ctx);
    }

    /** Encodes an error as the protocol's clients expect it. */
    @FunctionalInterface
    public interface ErrorEncoder {
        EncodedError encode(ApiError error);
    }

    /**
     * The request to an upstream of the protocol: the converted body on the protocol's wire; what the protocol or the
     * host cannot take is reported to {@code out.drops()}.
     */
    @FunctionalInterface
    public interface RequestEncoder {
        UpstreamRequest encode(ChatRequest request, Outbound out);
    }

    /**
     * The client's own body, forwarded to an upstream of the same protocol with only the model rewritten; what the
     * host's dialect removes is reported to {@code out.drops()}.
     */
    @FunctionalInterface
    public interface Passthrough {
        UpstreamRequest forward(ObjectNode clientBody, ChatRequest decoded, Outbound out);
    }

    /** What a converting attempt loses of the client's own request headers (an Anthropic client's betas). */
    @FunctionalInterface
    public interface HeadersLost {
        void report(ForwardedHeaders headers, Drops drops);
    }

    /**
     * Refuses, before an attempt converts a client's request for another protocol, what only an upstream of the
     * client's own protocol can run (OpenAI's built-in tools): a {@link io.llmrouter.api.error.RouterException} with
     * kind {@code INVALID_REQUEST} naming it, so that the attempt goes to another endpoint.
     */
    @FunctionalInterface
    public interface NativeOnly {
        void check(ObjectNode clientBody);
    }

    /** What of an upstream's answer a client of this protocol cannot receive. */
    @FunctionalInterface
    public interface AnswerLost {
        void report(ChatResponse answer, Drops drops);
    }

    /** Decodes a successful upstream answer. */
    @FunctionalInterface
    public interface ResponseDecoder {
        ChatResponse decode(byte[] body);
    }

    /** A fresh, stateful decoder for one upstream stream. */
    @FunctionalInterface
    public interface StreamDecoders {
        StreamDecoder open(FrameLimits limits);
    }

    /** Decodes an upstream error answer and what it says for the failure classifier. */
    @FunctionalInterface
    public interface ErrorDecoder {
        DecodedError decode(int status, byte[] body);
    }

    /**
     * The request that counts a request's input tokens at an upstream of the protocol (docs/routing.md, "Counting
     * tokens"): {@code clientBody} is the client's own parsed body when the client speaks the same protocol (it goes
     * as sent, model rewritten), else null and the request is converted.
     */
    @FunctionalInterface
    public interface CountRequestEncoder {
        UpstreamRequest encode(ChatRequest request, ObjectNode clientBody, Outbound out);
    }

    /** Reads the input tokens an upstream's count answer gives. */
    @FunctionalInterface
    public interface CountDecoder {
        long decode(byte[] body);
    }

    /** Writes a count of input tokens as this protocol's clients expect it. */
    @FunctionalInterface
    public interface CountEncoder {
        byte[] encode(long inputTokens);
    }

    private final Protocol protocol;
    private final RequestDecoder requestDecoder;
    private final ResponseEncoder responseEncoder;
    private final StreamEncoders streamEncoders;
    private final ErrorEncoder errorEncoder;
    private final RequestEncoder requestEncoder;
    private final Passthrough passthrough;
    private final ResponseDecoder responseDecoder;
    private final StreamDecoders streamDecoders;
    private final ErrorDecoder errorDecoder;
    private final Map<IrField, String> fieldNames;
    private final Set<String> forwardable;
    private final Set<String> accountHeaders;
    private final HeadersLost headersLost;
    private final NativeOnly nativeOnly;
    private final AnswerLost answerLost;
    private final CountRequestEncoder countRequestEncoder;
    private final CountDecoder countDecoder;
    private final CountEncoder countEncoder;
    private final RequestDecoder countRequestDecoder;
    private final EmbeddingsCodec embeddings;

    private ProtocolCodec(Builder b) {
        this.protocol = b.protocol;
        this.requestDecoder = required(b.requestDecoder, "requestDecoder");
        this.responseEncoder = required(b.responseEncoder, "responseEncoder");
        this.streamEncoders = required(b.streamEncoders, "streamEncoders");
        this.errorEncoder = required(b.errorEncoder, "errorEncoder");
        this.requestEncoder = required(b.requestEncoder, "requestEncoder");
        this.passthrough = required(b.passthrough, "passthrough");
        this.responseDecoder = required(b.responseDecoder, "responseDecoder");
        this.streamDecoders = required(b.streamDecoders, "streamDecoders");
        this.errorDecoder = required(b.errorDecoder, "errorDecoder");
        this.fieldNames = Map.copyOf(b.fieldNames);
        this.forwardable = Set.copyOf(b.forwardable);
        this.accountHeaders = Set.copyOf(b.accountHeaders);
        this.headersLost = b.headersLost;
        this.nativeOnly = b.nativeOnly;
        this.answerLost = b.answerLost;
        if ((b.countRequestEncoder == null) != (b.countDecoder == null)) {
            throw new IllegalStateException("the codec of " + protocol + " counts tokens with half an upstream side");
        }
        this.countRequestEncoder = b.countRequestEncoder;
        this.countDecoder = b.countDecoder;
        this.countEncoder = b.countEncoder;
        this.countRequestDecoder = b.countRequestDecoder != null ? b.countRequestDecoder : requestDecoder;
        if (b.embeddings != null && b.embeddings.protocol() != protocol) {
            throw new IllegalStateException("the codec of " + protocol + " embeds in " + b.embeddings.protocol());
        }
        this.embeddings = b.embeddings;
    }

    private <T> T required(T part, String name) {
        return Objects.requireNonNull(part, () -> "the codec of " + protocol + " has no " + name);
    }

    /** A codec of {@code protocol}, made of the parts given to the builder (all of them). */
    public static Builder builder(Protocol protocol) {
        return new Builder(protocol);
    }

    /** The protocol spoken. */
    public Protocol protocol() {
        return protocol;
    }

    /** The name this protocol's clients know an intermediate field by, for {@link Drops}. */
    public String fieldName(IrField field) {
        String name = fieldNames.get(field);
        return name != null ? name : field.defaultName();
    }

    // ---- client side ---------------------------------------------------------------------------------------

    /**
     * The client's request headers that may reach an upstream of the same protocol family (this protocol's
     * allow-list, docs/protocols.md "Headers that reach the upstream"), copied and bounded.
     */
    public ForwardedHeaders captureHeaders(HeaderLookup request) {
        return ForwardedHeaders.capture(protocol, request, forwardable);
    }

    /**
     * Throws, for a client of this protocol, when its request holds what only an upstream of this protocol can run;
     * called before every attempt that converts the request.
     */
    public void checkConvertible(ObjectNode clientBody) {
        nativeOnly.check(clientBody);
    }

    /** Reports what an attempt converting this protocol's call for another loses of {@code headers}. */
    public void headersLost(ForwardedHeaders headers, Drops drops) {
        headersLost.report(headers, drops);
    }

    /** Decodes a client request body. {@code ctx} carries what the route says (Gemini model and stream flag). */
    public ChatRequest decodeRequest(byte[] body, InboundContext ctx) {
        return decodeRequest(Json.parseRequest(body), ctx, Drops.recording());
    }

    /**
     * Decodes a client request body already parsed. The router parses each body once: decoding and same-protocol
     * passthrough share the tree.
     */
    public ChatRequest decodeRequest(ObjectNode body, InboundContext ctx) {
        return decodeRequest(body, ctx, Drops.recording());
    }

    /** Decodes a client request body already parsed, reporting the fields left out to {@code drops}. */
    public ChatRequest decodeRequest(ObjectNode body, InboundContext ctx, Drops drops) {
        return guarded(requestDecoder, body, ctx, drops);
    }

    /**
     * Runs a client-side decoder so that only a {@link RouterException} leaves it: any other runtime exception (a
     * decoder's oversight on input nobody foresaw) is the caller's malformed request, a 400 in its own format, never
     * a 500.
     */
    private static ChatRequest guarded(RequestDecoder decoder, ObjectNode body, InboundContext ctx, Drops drops) {
        return guarded(() -> decoder.decode(body, ctx, drops));
    }

    /** {@code decoding} run so that only a {@link RouterException} leaves it, as above. */
    static <T> T guarded(Supplier<T> decoding) {
        try {
            return decoding.get();
        } catch (RouterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw RouterException.invalidRequest("request body could not be read: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Reports what of {@code answer} a client of this protocol does not receive when it is converted for it: what the
     * upstream's decoder left out ({@link ChatResponse#omitted()}), and what this protocol has no place for.
     */
    public void answerLost(ChatResponse answer, Drops drops) {
        for (String part : answer.omitted()) {
            drops.answer(part);
        }
        answerLost.report(answer, drops);
    }

    /** Encodes a complete answer for the client that sent {@code request}. */
    public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
        return responseEncoder.encode(response, request);
    }

    /** A fresh, stateful encoder for one streamed answer to the client that sent {@code request}. */
    public StreamEncoder streamEncoder(ChatRequest request, InboundContext ctx) {
        return streamEncoders.open(request, ctx);
    }

    /** Whether this protocol's clients can ask for a count of tokens (it has a count door). */
    public boolean answersCounts() {
        return countEncoder != null;
    }

    /**
     * Decodes a client's body asking for a count of tokens (a chat body, or the protocol's own count form), reporting
     * the fields left out to {@code drops}.
     */
    public ChatRequest decodeCountRequest(ObjectNode body, InboundContext ctx, Drops drops) {
        return guarded(countRequestDecoder, body, ctx, drops);
    }

    /** A count of input tokens as this protocol's clients expect it. */
    public byte[] encodeCount(long inputTokens) {
        if (countEncoder == null) {
            throw new IllegalStateException("the clients of " + protocol + " cannot ask for a count of tokens");
        }
        return countEncoder.encode(inputTokens);
    }

    /** Encodes an error as this protocol's clients expect it: status, content type and body. */
    public EncodedError encodeError(ApiError error) {
        return errorEncoder.encode(error);
    }

    // ---- upstream side -------------------------------------------------------------------------------------

    /** Encodes the request for an upstream of this protocol; {@code model} is the upstream model to ask for. */
    public UpstreamRequest encodeRequest(ChatRequest request, String model, Key key) {
        return encodeRequest(request, Outbound.of(model, key));
    }

    /** Encodes the request for one attempt at an upstream of this protocol. */
    public UpstreamRequest encodeRequest(ChatRequest request, Outbound out) {
        return requestEncoder.encode(request, out);
    }

    /**
     * Same protocol in and out: forwards the client's body with only the model rewritten (and, for streams, usage
     * reporting switched on where the protocol needs it), so fields the router does not model survive.
     */
    public UpstreamRequest passthroughRequest(byte[] clientBody, ChatRequest decoded, String model, Key key) {
        return passthroughRequest(Json.parseRequest(clientBody), decoded, Outbound.of(model, key));
    }

    /** {@link #passthroughRequest(byte[], ChatRequest, String, Key)} on the parsed body, which it may modify. */
    public UpstreamRequest passthroughRequest(ObjectNode clientBody, ChatRequest decoded, Outbound out) {
        return passthrough.forward(clientBody, decoded, out);
    }

    /**
     * Checks a key's {@code forward-headers} against the account-scoped headers an upstream of this protocol takes
     * from the caller (docs/protocols.md, "Headers that reach the upstream"): a name it never forwards would be a
     * setting without effect, so it is refused at start-up.
     *
     * @throws ConfigurationException naming {@code forward-headers}
     */
    public void checkForwardHeaders(Key key) {
        for (String name : key.forwardHeaders()) {
            if (!accountHeaders.contains(name)) {
                throw new ConfigurationException("forward-headers", "'" + name + "' is not forwarded to a "
                        + protocol.configName() + " upstream; " + (accountHeaders.isEmpty()
                        ? "it takes no account-scoped header from callers"
                        : "it takes " + String.join(", ", new TreeSet<>(accountHeaders))));
            }
        }
    }

    /**
     * Whether an upstream of this protocol counts tokens itself; the router estimates for the others (docs/routing.md,
     * "Counting tokens").
     */
    public boolean countsTokens() {
        return countRequestEncoder != null;
    }

    /** The request counting {@code request}'s input tokens at an upstream of this protocol ({@link #countsTokens}). */
    public UpstreamRequest encodeCountRequest(ChatRequest request, ObjectNode clientBody, Outbound out) {
        if (countRequestEncoder == null) {
            throw new IllegalStateException("upstreams of " + protocol + " count no tokens");
        }
        return countRequestEncoder.encode(request, clientBody, out);
    }

    /** The input tokens of an upstream's successful count answer; a runtime exception for an unreadable one. */
    public long decodeCount(byte[] body) {
        if (countDecoder == null) {
            throw new IllegalStateException("upstreams of " + protocol + " count no tokens");
        }
        return countDecoder.decode(body);
    }

    /** Decodes a successful upstream answer. */
    public ChatResponse decodeResponse(byte[] body) {
        return responseDecoder.decode(body);
    }

    /** A fresh, stateful decoder for one upstream stream, with the {@link FrameLimits#DEFAULTS}. */
    public StreamDecoder streamDecoder() {
        return streamDecoder(FrameLimits.DEFAULTS);
    }

    /** A fresh, stateful decoder for one upstream stream, holding no line or event larger than {@code limits}. */
    public StreamDecoder streamDecoder(FrameLimits limits) {
        return streamDecoders.open(limits);
    }

    /**
     * Decodes an upstream error body (any shape, possibly empty or not JSON) with its HTTP status, and what it says
     * beyond the status for the failure classifier; the body is parsed once, here.
     */
    public DecodedError decodeError(int status, byte[] body) {
        return errorDecoder.decode(status, body);
    }

    // ---- embeddings ----------------------------------------------------------------------------------------

    /** Whether the protocol has embeddings (its clients can ask for them, its upstreams give them). */
    public boolean embeds() {
        return embeddings != null;
    }

    /**
     * The protocol's embeddings, which answer errors with this codec's {@link #encodeError} and read them with
     * {@link #decodeError}; an {@link IllegalStateException} for a protocol without ({@link #embeds()}).
     */
    public EmbeddingsCodec embeddings() {
        if (embeddings == null) {
            throw new IllegalStateException(protocol + " has no embeddings");
        }
        return embeddings;
    }

    @Override
    public String toString() {
        return "ProtocolCodec[" + protocol.configName() + "]";
    }

    /** Collects a codec's parts; {@link #build()} refuses a codec with a part missing. */
    public static final class Builder {

        private final Protocol protocol;
        private RequestDecoder requestDecoder;
        private ResponseEncoder responseEncoder;
        private StreamEncoders streamEncoders;
        private ErrorEncoder errorEncoder;
        private RequestEncoder requestEncoder;
        private Passthrough passthrough;
        private ResponseDecoder responseDecoder;
        private StreamDecoders streamDecoders;
        private ErrorDecoder errorDecoder;
        private final Map<IrField, String> fieldNames = new EnumMap<>(IrField.class);
        private final Set<String> forwardable = new HashSet<>();
        private final Set<String> accountHeaders = new HashSet<>();
        private HeadersLost headersLost = (headers, drops) -> { };
        private NativeOnly nativeOnly = body -> { };
        private AnswerLost answerLost = (answer, drops) -> { };
        private CountRequestEncoder countRequestEncoder;
        private CountDecoder countDecoder;
        private CountEncoder countEncoder;
        private RequestDecoder countRequestDecoder;
        private EmbeddingsCodec embeddings;

        private Builder(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
        }

        public Builder requestDecoder(RequestDecoder part) {
            this.requestDecoder = part;
            return this;
        }

        public Builder responseEncoder(ResponseEncoder part) {
            this.responseEncoder = part;
            return this;
        }

        public Builder streamEncoders(StreamEncoders part) {
            this.streamEncoders = part;
            return this;
        }

        public Builder errorEncoder(ErrorEncoder part) {
            this.errorEncoder = part;
            return this;
        }

        public Builder requestEncoder(RequestEncoder part) {
            this.requestEncoder = part;
            return this;
        }

        public Builder passthrough(Passthrough part) {
            this.passthrough = part;
            return this;
        }

        public Builder responseDecoder(ResponseDecoder part) {
            this.responseDecoder = part;
            return this;
        }

        public Builder streamDecoders(StreamDecoders part) {
            this.streamDecoders = part;
            return this;
        }

        public Builder errorDecoder(ErrorDecoder part) {
            this.errorDecoder = part;
            return this;
        }

        /**
         * The names this protocol's clients know intermediate fields by, where they differ from OpenAI Chat's
         * ({@link IrField#defaultName()}); optional.
         */
        public Builder fieldNames(Map<IrField, String> names) {
            this.fieldNames.putAll(names);
            return this;
        }

        /**
         * The client's request headers (lower-case) that may reach an upstream of the same protocol family;
         * optional, none by default.
         */
        public Builder forwardable(Set<String> names) {
            this.forwardable.addAll(names);
            return this;
        }

        /**
         * The account-scoped request headers (lower-case) an upstream of this protocol takes from a caller of its
         * family when the key lists them in {@code forward-headers}; optional, none by default.
         */
        public Builder accountHeaders(Set<String> names) {
            this.accountHeaders.addAll(names);
            return this;
        }

        /** What a converting attempt loses of this protocol's forwardable headers; optional, nothing by default. */
        public Builder headersLost(HeadersLost part) {
            this.headersLost = part;
            return this;
        }

        /** What a client of this protocol may ask that no conversion can carry; optional, nothing by default. */
        public Builder nativeOnly(NativeOnly part) {
            this.nativeOnly = part;
            return this;
        }

        /** What of an upstream's answer this protocol's clients cannot receive; optional, nothing by default. */
        public Builder answerLost(AnswerLost part) {
            this.answerLost = part;
            return this;
        }

        /** How an upstream of this protocol counts tokens; optional: the router estimates for one without. */
        public Builder counting(CountRequestEncoder request, CountDecoder answer) {
            this.countRequestEncoder = Objects.requireNonNull(request, "request");
            this.countDecoder = Objects.requireNonNull(answer, "answer");
            return this;
        }

        /** How this protocol's clients receive a count of tokens; optional, for a protocol with a count door. */
        public Builder countAnswer(CountEncoder part) {
            this.countEncoder = part;
            return this;
        }

        /**
         * Decodes a client's count body where it is not a chat body; optional, the {@link #requestDecoder} by default.
         */
        public Builder countRequestDecoder(RequestDecoder part) {
            this.countRequestDecoder = part;
            return this;
        }

        /** The protocol's embeddings; optional, for a protocol that has them. */
        public Builder embeddings(EmbeddingsCodec part) {
            this.embeddings = part;
            return this;
        }

        /** The codec. */
        public ProtocolCodec build() {
            return new ProtocolCodec(this);
        }
    }
}
