package io.llmrouter.core.routing;

import io.llmrouter.api.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/** The protocol matrix's pairs for a scenario routed through the router: every client × upstream, streamed and not. */
final class PairMatrix {

    static final List<Protocol> CLIENTS = List.of(Protocol.OPENAI, Protocol.OPENAI_RESPONSES, Protocol.ANTHROPIC,
            Protocol.GEMINI, Protocol.COHERE, Protocol.COHERE_V2);
    static final List<Protocol> UPSTREAMS = List.of(Protocol.OPENAI, Protocol.OPENAI_RESPONSES, Protocol.ANTHROPIC,
            Protocol.GEMINI, Protocol.COHERE, Protocol.COHERE_V2, Protocol.AZURE_OPENAI);

    /** One run of a scenario: a pair in one mode. */
    @FunctionalInterface
    interface Run {
        void run(Protocol client, Protocol upstream, boolean stream) throws Throwable;
    }

    private PairMatrix() {
    }

    /** The scenario's runs, one container a pair, its size printed under {@code scenario}'s name. */
    static Stream<DynamicNode> of(String scenario, Run run) {
        List<DynamicNode> pairs = new ArrayList<>();
        int runs = 0;
        for (Protocol client : CLIENTS) {
            for (Protocol upstream : UPSTREAMS) {
                List<DynamicNode> modes = new ArrayList<>();
                for (boolean stream : List.of(false, true)) {
                    modes.add(DynamicTest.dynamicTest(stream ? "STREAM" : "NON_STREAM",
                            () -> run.run(client, upstream, stream)));
                    runs++;
                }
                pairs.add(DynamicContainer.dynamicContainer(client + " client -> " + upstream + " upstream",
                        modes.stream()));
            }
        }
        System.out.printf("%s: %d clients x %d upstreams x (non-stream + stream) = %d runs%n", scenario,
                CLIENTS.size(), UPSTREAMS.size(), runs);
        return pairs.stream();
    }
}
