package io.llmrouter.core.convert.matrix;

import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;

/**
 * One case of the shared suite: what the client asks and what the provider answers. The expected outcome per
 * protocol pair follows from {@link Capabilities}.
 *
 * @param name    short name shown in the test tree
 * @param request the conversation, tools and images the client sends
 * @param answer  the provider's answer (text, tool calls, finish reason, usage)
 */
record Scenario(String name, ChatRequest request, ChatResponse answer) {

    @Override
    public String toString() {
        return name;
    }
}
