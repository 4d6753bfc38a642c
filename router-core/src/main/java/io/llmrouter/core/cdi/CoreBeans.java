package io.llmrouter.core.cdi;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ForProtocol;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.anthropic.AnthropicCodec;
import io.llmrouter.core.convert.azure.AzureOpenAiCodec;
import io.llmrouter.core.convert.cohere.CohereV1Codec;
import io.llmrouter.core.convert.cohere.CohereV2Codec;
import io.llmrouter.core.convert.gemini.GeminiCodec;
import io.llmrouter.core.convert.openai.OpenAiCodec;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.usage.TokenEstimator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Produces the core's stateless services as CDI beans: one codec per protocol (qualified with {@link ForProtocol}),
 * the codec registry, the token estimator, and the failure classifier. Every one of them is a plain
 * object that tests build with {@code new}; this class only tells a container how. They are {@code @Singleton}, not
 * {@code @ApplicationScoped}: they are used on every call, and a normal scope would put a client proxy (a context
 * lookup per method call) in front of each.
 */
@ApplicationScoped
public class CoreBeans {

    @Produces
    @Singleton
    @ForProtocol(Protocol.OPENAI)
    ProtocolCodec openai() {
        return new OpenAiCodec();
    }

    @Produces
    @Singleton
    @ForProtocol(Protocol.AZURE_OPENAI)
    ProtocolCodec azure() {
        return new AzureOpenAiCodec();
    }

    @Produces
    @Singleton
    @ForProtocol(Protocol.ANTHROPIC)
    ProtocolCodec anthropic(@ConfigProperty(name = "router.conversion.anthropic-default-max-tokens",
            defaultValue = "4096") int defaultMaxTokens) {
        return new AnthropicCodec(defaultMaxTokens);
    }

    @Produces
    @Singleton
    @ForProtocol(Protocol.GEMINI)
    ProtocolCodec gemini() {
        return new GeminiCodec();
    }

    @Produces
    @Singleton
    @ForProtocol(Protocol.COHERE)
    ProtocolCodec cohereV1() {
        return new CohereV1Codec();
    }

    @Produces
    @Singleton
    @ForProtocol(Protocol.COHERE_V2)
    ProtocolCodec cohereV2() {
        return new CohereV2Codec();
    }

    @Produces
    @Singleton
    Codecs codecs(@ForProtocol(Protocol.OPENAI) ProtocolCodec openai,
                  @ForProtocol(Protocol.AZURE_OPENAI) ProtocolCodec azure,
                  @ForProtocol(Protocol.ANTHROPIC) ProtocolCodec anthropic,
                  @ForProtocol(Protocol.GEMINI) ProtocolCodec gemini,
                  @ForProtocol(Protocol.COHERE) ProtocolCodec cohereV1,
                  @ForProtocol(Protocol.COHERE_V2) ProtocolCodec cohereV2) {
        return new Codecs(List.of(openai, azure, anthropic, gemini, cohereV1, cohereV2));
    }

    @Produces
    @Singleton
    TokenEstimator tokenEstimator() {
        return new TokenEstimator();
    }

    @Produces
    @Singleton
    FailureClassifier failureClassifier() {
        return new FailureClassifier();
    }

}
