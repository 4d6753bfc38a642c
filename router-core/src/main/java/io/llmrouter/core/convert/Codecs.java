package io.llmrouter.core.convert;

import io.llmrouter.api.Protocol;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** The codec of every protocol, looked up by protocol without hashing (an enum map). */
public final class Codecs {

    private final Map<Protocol, ProtocolCodec> byProtocol = new EnumMap<>(Protocol.class);

    public Codecs(Collection<? extends ProtocolCodec> codecs) {
        for (ProtocolCodec c : codecs) {
            byProtocol.put(c.protocol(), c);
        }
        for (Protocol p : Protocol.values()) {
            if (!byProtocol.containsKey(p)) {
                throw new IllegalArgumentException("no codec for protocol " + p);
            }
        }
    }

    /** Every protocol's codec with default settings, for use without a container. */
    public static Codecs defaults() {
        return new Codecs(java.util.List.of(new io.llmrouter.core.convert.openai.OpenAiCodec(),
                new io.llmrouter.core.convert.azure.AzureOpenAiCodec(),
                new io.llmrouter.core.convert.anthropic.AnthropicCodec(),
                new io.llmrouter.core.convert.gemini.GeminiCodec(),
                new io.llmrouter.core.convert.cohere.CohereV1Codec(),
                new io.llmrouter.core.convert.cohere.CohereV2Codec()));
    }

    /** The codec of a protocol. */
    public ProtocolCodec of(Protocol protocol) {
        return byProtocol.get(protocol);
    }
}
