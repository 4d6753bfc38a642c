package io.llmrouter.core.telemetry;

import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;

/**
 * What an upstream's answer said, for traces.
 *
 * @param model        the model the upstream says answered, or null
 * @param finishReason why it stopped, or null (a stream cut short)
 * @param usage        the answer's token counts (reported, or the router's estimate), or null
 * @param content      the answer's text when the tenant captures content (bounded), else null
 */
public record Answer(String model, FinishReason finishReason, TokenCounts usage, String content) {
}
