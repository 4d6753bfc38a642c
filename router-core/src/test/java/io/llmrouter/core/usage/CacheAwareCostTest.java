package io.llmrouter.core.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.testing.Fixtures;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cost of answers that read from or wrote to a prompt cache, from recorded answers of each protocol that
 * reports cache usage: uncached input, cache reads, cache writes and output each at their own price.
 */
class CacheAwareCostTest {

    private static final Codecs CODECS = Codecs.defaults();
    private static final double IN = 0.003;
    private static final double READ = 0.0003;
    private static final double WRITE = 0.00375;
    private static final double OUT = 0.015;

    private static Endpoint endpoint(Protocol protocol) {
        return new Endpoint("ep", new Key(protocol, "https://upstream.example", "k"), "m", Set.of(), IN, OUT, null,
                READ, WRITE);
    }

    private static TokenCounts usage(Protocol protocol, String fixture) {
        return CODECS.of(protocol).decodeResponse(Fixtures.bytes(fixture)).usage();
    }

    @Test
    void anthropicCacheReadsAndWritesHaveTheirOwnPrices() {
        // input_tokens 3, cache_read_input_tokens 1111, cache_creation_input_tokens 418, output_tokens 33.
        TokenCounts counts = usage(Protocol.ANTHROPIC, "anthropic-extra/response_cache_write_and_read.json");
        double expected = (3 * IN + 1111 * READ + 418 * WRITE + 33 * OUT) / 1000;
        assertEquals(expected, endpoint(Protocol.ANTHROPIC).cost(counts), 1e-12);
    }

    @Test
    void openAiCachedTokensAreReadsWithinThePrompt() {
        // prompt_tokens 2006 of which cached_tokens 1920, completion_tokens 15.
        TokenCounts counts = usage(Protocol.OPENAI, "constructed/openai/response_cached_tokens.json");
        double expected = ((2006 - 1920) * IN + 1920 * READ + 15 * OUT) / 1000;
        assertEquals(expected, endpoint(Protocol.OPENAI).cost(counts), 1e-12);
    }

    @Test
    void geminiCachedContentIsRead() {
        // promptTokenCount 3520 of which cachedContentTokenCount 3512; candidates 2 plus thoughts 42 are output.
        TokenCounts counts = usage(Protocol.GEMINI, "gemini/response_cached_content.json");
        double expected = ((3520 - 3512) * IN + 3512 * READ + (2 + 42) * OUT) / 1000;
        assertEquals(expected, endpoint(Protocol.GEMINI).cost(counts), 1e-12);
    }

    @Test
    void cacheHitsMakeTheCallCheaperThanTheFlatFormula() {
        TokenCounts counts = usage(Protocol.GEMINI, "gemini/response_cached_content.json");
        Endpoint ep = endpoint(Protocol.GEMINI);
        assertTrue(ep.cost(counts) * 3 < ep.cost(counts.inputTokens(), counts.outputTokens()),
                "the flat formula overstates a mostly cached prompt several-fold");
    }

    @Test
    void cachePricesDefaultToTheInputPrice() {
        Endpoint plain = new Endpoint("ep", new Key(Protocol.ANTHROPIC, "https://upstream.example", "k"), "m",
                Set.of(), IN, OUT, null);
        TokenCounts counts = usage(Protocol.ANTHROPIC, "anthropic-extra/response_cache_write_and_read.json");
        assertEquals(plain.cost(counts.inputTokens(), counts.outputTokens()), plain.cost(counts), 1e-12);
    }

    @Test
    void cachedCountsAreHeldToTheInput() {
        // A report claiming more cache reads and writes than prompt tokens is not priced beyond the prompt.
        Endpoint ep = endpoint(Protocol.OPENAI);
        assertEquals((100 * READ) / 1000, ep.cost(new TokenCounts(100, 0, 150, 0, 50)), 1e-12);
        assertEquals((40 * READ + 60 * WRITE) / 1000, ep.cost(new TokenCounts(100, 0, 40, 0, 90)), 1e-12);
    }

    @Test
    void cachePricesAreValidatedLikeOtherPrices() {
        Endpoint bad = new Endpoint("ep", new Key(Protocol.OPENAI, "https://upstream.example", "k"), "m", Set.of(),
                IN, OUT, null, -1, WRITE);
        ConfigurationException e = assertThrows(ConfigurationException.class, bad::validate);
        assertTrue(e.getMessage().contains("cache-read-price"), e.getMessage());
    }

    @Test
    void anthropicClientsSeeCacheWritesOfAConvertedAnswer() {
        TokenCounts counts = usage(Protocol.ANTHROPIC, "anthropic-extra/response_cache_write_and_read.json");
        ChatRequest request = ChatRequest.builder().model("m").build();
        String body = new String(CODECS.of(Protocol.ANTHROPIC).encodeResponse(CODECS.of(Protocol.ANTHROPIC)
                .decodeResponse(Fixtures.bytes("anthropic-extra/response_cache_write_and_read.json")), request),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(body.contains("\"input_tokens\":3,\"cache_creation_input_tokens\":418,"
                + "\"cache_read_input_tokens\":1111"), body);
        assertEquals(418, counts.cacheWriteTokens());
    }
}
