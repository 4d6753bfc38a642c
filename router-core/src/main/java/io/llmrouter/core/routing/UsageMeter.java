package io.llmrouter.core.routing;

import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Usage;
import io.llmrouter.api.chat.TokenCounts;

/** Turns token counts (reported or estimated) into {@link Usage} with latency and cost. */
final class UsageMeter {

    private UsageMeter() {
    }

    static Usage of(TokenCounts counts, boolean accurate, long startNanos, Endpoint endpoint) {
        long latencyMs = (System.nanoTime() - startNanos) / 1_000_000L;
        return new Usage(counts.inputTokens(), counts.outputTokens(), latencyMs, accurate, endpoint.cost(counts),
                counts.cachedInputTokens(), counts.cacheWriteTokens(), counts.reasoningTokens());
    }
}
