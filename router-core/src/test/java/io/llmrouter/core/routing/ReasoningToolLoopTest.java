package io.llmrouter.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ReasoningConfig;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.core.breaker.ManualTicker;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.routing.ScriptedTransport.Answer;
import io.llmrouter.core.selection.EndpointPool;
import io.llmrouter.core.telemetry.RouteListener;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A tool loop with reasoning on, through the router, for every client × upstream pair: turn 1 asks with reasoning,
 * the upstream thinks (with its own signature where it has one) and calls a tool; turn 2 replays what the client
 * received, with the tool's result. Turn 2 must reach the upstream in a form the provider accepts (the rules it
 * answers 400 for, checked here), with a signature exactly when the client speaks the upstream's protocol.
 */
class ReasoningToolLoopTest {

    private static final Codecs CODECS = Codecs.defaults();
    private static final List<Protocol> CLIENTS = List.of(Protocol.OPENAI, Protocol.OPENAI_RESPONSES,
            Protocol.ANTHROPIC, Protocol.GEMINI, Protocol.COHERE, Protocol.COHERE_V2);
    private static final List<Protocol> UPSTREAMS = List.of(Protocol.OPENAI, Protocol.AZURE_OPENAI,
            Protocol.OPENAI_RESPONSES, Protocol.ANTHROPIC, Protocol.GEMINI, Protocol.COHERE, Protocol.COHERE_V2);
    /** The upstreams whose reasoning carries a signature of their own. */
    private static final Set<Protocol> SIGNING = Set.of(Protocol.OPENAI_RESPONSES, Protocol.ANTHROPIC,
            Protocol.GEMINI);
    private static final ToolDefinition WEATHER = new ToolDefinition("get_weather", "Weather of a city",
            (com.fasterxml.jackson.databind.node.ObjectNode) Json.tryParse(
                    "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"));

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (Protocol client : CLIENTS) {
            for (Protocol upstream : UPSTREAMS) {
                pairs.add(Arguments.of(client, upstream));
            }
        }
        return pairs.stream();
    }

    private final ScriptedTransport transport = new ScriptedTransport();
    private final LlmRouter router = new LlmRouter(CODECS, transport, new TokenEstimator(), new FailureClassifier(),
            RouteListener.NONE);

    /** The provider's signature in its answers, where it has signatures. */
    private static String signature(Protocol upstream) {
        return "signature-of-" + upstream.configName();
    }

    private static ContentPart.Reasoning providerReasoning(Protocol upstream) {
        return switch (upstream) {
            case ANTHROPIC -> ContentPart.Reasoning.signed("Checking the weather first.", signature(upstream),
                    Protocol.ANTHROPIC);
            case GEMINI -> ContentPart.Reasoning.signed("Checking the weather first.", signature(upstream),
                    Protocol.GEMINI);
            // OpenAI's encrypted reasoning belongs to its item: the id travels with it.
            case OPENAI_RESPONSES -> new ContentPart.Reasoning("Checking the weather first.", signature(upstream),
                    false, Protocol.OPENAI_RESPONSES, "rs_1");
            default -> ContentPart.Reasoning.text("Checking the weather first.");
        };
    }

    /** The upstream's answer in its own format, made by its own codec (Azure answers as OpenAI). */
    private static byte[] answer(Protocol upstream, List<ContentPart> content, FinishReason finish) {
        Protocol format = upstream == Protocol.AZURE_OPENAI ? Protocol.OPENAI : upstream;
        return CODECS.of(format).encodeResponse(new ChatResponse("resp-1", "upstream-model", content, finish,
                new TokenCounts(20, 10, 0, 4)), null);
    }

    private static InboundContext ctx(Protocol client) {
        return client == Protocol.GEMINI ? InboundContext.gemini("m", false, true) : InboundContext.BODY_ONLY;
    }

    /** What the client's SDK sends for {@code request}: the client protocol's own encoding of it. */
    private static byte[] clientBody(Protocol client, ChatRequest request) {
        return CODECS.of(client).encodeRequest(request, "m", new Key(client, "https://client.example", "k")).body();
    }

    private RoutedResponse.Complete call(EndpointPool pool, Protocol client, ChatRequest request) {
        RoutedResponse r = router.route("t", pool, clientBody(client, request), client, ctx(client),
                CallPolicy.DEFAULTS).await().atMost(Duration.ofSeconds(5));
        RoutedResponse.Complete complete = (RoutedResponse.Complete) r;
        assertEquals(200, r.status(), () -> new String(complete.body(), StandardCharsets.UTF_8));
        return complete;
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("pairs")
    void aToolLoopWithReasoningKeepsWorking(Protocol client, Protocol upstream) {
        List<byte[]> answers = List.of(
                answer(upstream, List.of(providerReasoning(upstream),
                        new ContentPart.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")),
                        FinishReason.TOOL_CALLS),
                answer(upstream, List.of(new ContentPart.Text("Sunny in Paris.")), FinishReason.STOP));
        int[] turn = {0};
        transport.on("https://ep.example", r -> Answer.ok(answers.get(Math.min(turn[0]++, 1))));
        Key key = new Key(upstream, "https://ep.example", "k");
        String model = switch (upstream) {
            case GEMINI -> "gemini-3-flash";
            case ANTHROPIC -> "claude-sonnet-4-5";
            default -> "upstream-model";
        };
        EndpointPool pool = new EndpointPool(List.of(new Endpoint("ep", key, model, Set.of(), 0.001, 0.001,
                new CircuitBreakerConfig(3, Duration.ofSeconds(60)))), 3, new ManualTicker());
        // Cohere v1 clients cannot ask for reasoning; the upstream reasons on its own then.
        ReasoningConfig high = client == Protocol.COHERE ? null : ReasoningConfig.of(ReasoningConfig.Effort.HIGH);

        Message question = Message.text(Role.USER, "What is the weather in Paris?");
        ChatRequest first = ChatRequest.builder().model("m").maxTokens(8000).reasoning(high).tools(List.of(WEATHER))
                .messages(List.of(question)).build();
        ChatResponse received = CODECS.of(client).decodeResponse(call(pool, client, first).body());
        assertEquals(1, received.toolCalls().size(), received.toString());
        ContentPart.ToolCall called = received.toolCalls().get(0);

        ChatRequest second = first.toBuilder().messages(List.of(question,
                new Message(Role.ASSISTANT, received.content()),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult(called.id(), called.name(),
                        "{\"forecast\":\"sunny\"}", false))))).build();
        ChatResponse last = CODECS.of(client).decodeResponse(call(pool, client, second).body());
        assertEquals("Sunny in Paris.", last.text());

        UpstreamRequest sent = transport.requests.get(1);
        String body = new String(sent.body(), StandardCharsets.UTF_8);
        boolean ownProtocol = client == upstream;
        assertEquals(ownProtocol && SIGNING.contains(upstream),
                body.contains(signature(upstream)), "a signature reaches the provider that made it, from its own "
                        + "protocol's clients only: " + body);
        ProviderRules.check(upstream, Json.tryParse(body));
    }

    /** The history rules providers answer 400 for, as far as this loop can break them. */
    private static final class ProviderRules {

        static void check(Protocol upstream, JsonNode body) {
            switch (upstream) {
                case ANTHROPIC -> anthropic(body);
                case GEMINI -> gemini(body);
                case OPENAI_RESPONSES -> responses(body);
                default -> {
                }
            }
        }

        /** With thinking on, the tool-use turn being continued starts with a thinking block Anthropic signed. */
        private static void anthropic(JsonNode body) {
            if (body.path("thinking").isMissingNode() || "disabled".equals(body.at("/thinking/type").asText())) {
                return;
            }
            JsonNode lastAssistant = null;
            for (JsonNode m : body.path("messages")) {
                if ("assistant".equals(m.path("role").asText())) {
                    lastAssistant = m;
                }
            }
            assertTrue(lastAssistant != null, body.toString());
            JsonNode first = lastAssistant.at("/content/0");
            assertTrue("thinking".equals(first.path("type").asText())
                    && !first.path("signature").asText().isEmpty()
                    || "redacted_thinking".equals(first.path("type").asText()), body.toString());
            assertTrue(body.at("/thinking/budget_tokens").asInt(1024) < body.path("max_tokens").asInt(),
                    body.toString());
        }

        /** Nothing is stored, so every replayed reasoning item carries its encrypted content. */
        private static void responses(JsonNode body) {
            assertFalse(body.path("store").asBoolean(true), body.toString());
            for (JsonNode item : body.path("input")) {
                if ("reasoning".equals(item.path("type").asText())) {
                    assertFalse(item.path("encrypted_content").asText().isEmpty(), body.toString());
                    assertFalse(item.path("id").asText().isEmpty(), body.toString());
                }
            }
        }

        /** The first function call of each model turn carries a thought signature. */
        private static void gemini(JsonNode body) {
            for (JsonNode content : body.path("contents")) {
                if (!"model".equals(content.path("role").asText())) {
                    continue;
                }
                for (JsonNode part : content.path("parts")) {
                    if (part.has("functionCall")) {
                        assertFalse(part.path("thoughtSignature").asText().isEmpty(), body.toString());
                        break;
                    }
                }
            }
        }
    }
}
