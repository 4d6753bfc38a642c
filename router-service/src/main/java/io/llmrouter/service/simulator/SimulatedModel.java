package io.llmrouter.service.simulator;

import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.routing.LocalAnswers;
import io.llmrouter.core.usage.TokenEstimator;
import java.util.List;

/**
 * The simulated model of one protocol's upstream: what it answers ({@link SimulatedAnswer}), how that answer
 * streams ({@link SimulatedStream}), and how many input tokens it counts (the router's estimate).
 *
 * @param protocol the configuration name of the protocol it speaks, which its answers mention
 */
record SimulatedModel(String protocol, TokenEstimator estimator) implements LocalAnswers.Model {

    @Override
    public ChatResponse answer(ChatRequest request) {
        return SimulatedAnswer.answer(request, protocol, estimator);
    }

    @Override
    public List<StreamEvent> stream(ChatResponse answer) {
        return SimulatedStream.events(answer);
    }

    @Override
    public int inputTokens(ChatRequest request) {
        return estimator.estimateRequest(request);
    }
}
