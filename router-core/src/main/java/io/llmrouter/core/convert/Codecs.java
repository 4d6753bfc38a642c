package io.llmrouter.core.convert;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.anthropic.Anthropic;
import io.llmrouter.core.convert.cohere.Cohere;
import io.llmrouter.core.convert.gemini.Gemini;
import io.llmrouter.core.convert.openai.OpenAi;
import io.llmrouter.core.convert.openai.responses.OpenAiResponses;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The registry of the protocols the router speaks: the codec of each, looked up by protocol without hashing (an enum
 * map). The only one: the router, the front doors' refusals and the simulator all find their codecs here.
 */
public final class Codecs {

    /**
     * Every protocol's codec factory, one line each. A new protocol is a package with its factory (see
     * docs/architecture.md, "Adding a protocol") and a line here; a {@link Protocol} without one fails at start.
     */
    private static final List<Function<ConversionSettings, ProtocolCodec>> PROTOCOLS = List.of(
            OpenAi::codec,
            OpenAi::azure,
            Anthropic::codec,
            Gemini::codec,
            Cohere::v1,
            Cohere::v2,
            OpenAiResponses::codec);

    private static final Codecs DEFAULTS = create(ConversionSettings.DEFAULTS);

    private final Map<Protocol, ProtocolCodec> byProtocol = new EnumMap<>(Protocol.class);

    private Codecs(ConversionSettings settings) {
        for (Function<ConversionSettings, ProtocolCodec> factory : PROTOCOLS) {
            ProtocolCodec codec = factory.apply(settings);
            if (byProtocol.put(codec.protocol(), codec) != null) {
                throw new IllegalStateException("two codecs for protocol " + codec.protocol());
            }
        }
        for (Protocol p : Protocol.values()) {
            if (!byProtocol.containsKey(p)) {
                throw new IllegalStateException("no codec for protocol " + p);
            }
        }
    }

    /** Every protocol's codec with {@code settings}. */
    public static Codecs create(ConversionSettings settings) {
        return new Codecs(settings);
    }

    /** Every protocol's codec with the {@link ConversionSettings#DEFAULTS}. */
    public static Codecs defaults() {
        return DEFAULTS;
    }

    /** The codec of a protocol. */
    public ProtocolCodec of(Protocol protocol) {
        return byProtocol.get(protocol);
    }
}
