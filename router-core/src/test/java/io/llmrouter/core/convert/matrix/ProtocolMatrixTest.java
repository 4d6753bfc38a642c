package io.llmrouter.core.convert.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ResponseFormat;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.matrix.ConversionPath.Mode;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared scenario suite run for every client protocol × upstream protocol pair, unary and streamed: each
 * scenario goes client SDK → router → provider → router → client SDK through the codecs, and the semantics that
 * both protocols can carry must survive (degradations: {@link Capabilities}).
 */
class ProtocolMatrixTest {

    static final List<Protocol> CLIENTS = List.of(Protocol.OPENAI, Protocol.OPENAI_RESPONSES, Protocol.ANTHROPIC,
            Protocol.GEMINI, Protocol.COHERE, Protocol.COHERE_V2);
    static final List<Protocol> UPSTREAMS = List.of(Protocol.OPENAI, Protocol.OPENAI_RESPONSES, Protocol.ANTHROPIC,
            Protocol.GEMINI, Protocol.COHERE, Protocol.COHERE_V2, Protocol.AZURE_OPENAI);

    private static final AtomicInteger CONVERTED = new AtomicInteger();
    private static final AtomicInteger REJECTED = new AtomicInteger();
    private static final AtomicInteger CLIENT_CANNOT_SEND = new AtomicInteger();

    static List<Mode> modes(Protocol client) {
        return client == Protocol.GEMINI ? List.of(Mode.NON_STREAM, Mode.STREAM, Mode.STREAM_JSON_ARRAY)
                : List.of(Mode.NON_STREAM, Mode.STREAM);
    }

    @TestFactory
    Stream<DynamicNode> everyPairEveryScenario() {
        List<Scenario> scenarios = Scenarios.all();
        int runs = 0;
        List<DynamicNode> pairs = new ArrayList<>();
        for (Protocol client : CLIENTS) {
            for (Protocol upstream : UPSTREAMS) {
                List<DynamicNode> tests = new ArrayList<>();
                for (Scenario s : scenarios) {
                    for (Mode mode : modes(client)) {
                        tests.add(DynamicTest.dynamicTest(s.name() + " " + mode,
                                () -> run(client, upstream, s, mode)));
                        runs++;
                    }
                }
                pairs.add(DynamicContainer.dynamicContainer(client + " client -> " + upstream + " upstream",
                        tests.stream()));
            }
        }
        System.out.printf("Protocol matrix: %d clients x %d upstreams = %d pairs x %d scenarios x"
                        + " (non-stream + stream; Gemini clients also JSON-array stream) = %d runs%n",
                CLIENTS.size(), UPSTREAMS.size(), CLIENTS.size() * UPSTREAMS.size(), scenarios.size(), runs);
        return pairs.stream();
    }

    @AfterAll
    static void summary() {
        System.out.printf("Protocol matrix outcome: %d converted end to end, %d rejected upstream with 400 as"
                        + " expected, %d not expressible by the client protocol%n",
                CONVERTED.get(), REJECTED.get(), CLIENT_CANNOT_SEND.get());
    }

    private static void run(Protocol client, Protocol upstream, Scenario s, Mode mode) {
        if (!Capabilities.canSend(client, s.request())) {
            // The client's own protocol cannot write this request (Cohere v1 images, Gemini remote URLs):
            // its encoder says so with a 400 and there is nothing to route.
            RouterException e = assertThrows(RouterException.class,
                    () -> ConversionPath.clientBody(client, s.request(), mode));
            assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
            CLIENT_CANNOT_SEND.incrementAndGet();
            return;
        }
        byte[] body = ConversionPath.clientBody(client, s.request(), mode);
        ChatRequest routed = ConversionPath.routerDecode(client, body, mode);
        assertEquals(mode.stream(), routed.stream(), "stream flag");
        if (!Capabilities.canSend(upstream, s.request())) {
            RouterException e = assertThrows(RouterException.class, () -> ConversionPath.CODECS.of(upstream)
                    .encodeRequest(routed, ConversionPath.UPSTREAM_MODEL, ConversionPath.key(upstream)));
            assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
            assertEquals(400, e.error().status());
            REJECTED.incrementAndGet();
            return;
        }
        UpstreamRequest upReq = ConversionPath.CODECS.of(upstream).encodeRequest(routed, ConversionPath.UPSTREAM_MODEL,
                ConversionPath.key(upstream));
        assertEquals(mode.stream(), upReq.stream(), "upstream stream flag");
        ChatRequest provider = ConversionPath.CODECS.of(upstream).decodeRequest(upReq.body(),
                ConversionPath.providerContext(upstream, upReq));
        assertRequestSurvived(s.request(), provider, client, upstream);

        ChatResponse got = mode.stream()
                ? ConversionPath.streamed(client, upstream, mode, routed, upReq, provider, s.answer(),
                        new Random((client + "/" + upstream + "/" + s.name()).hashCode()))
                : ConversionPath.unary(client, upstream, routed, provider, s.answer());
        assertAnswerSurvived(s.answer(), got, client, upstream);
        CONVERTED.incrementAndGet();
    }

    // ---- what the provider must see ------------------------------------------------------------------------

    static void assertRequestSurvived(ChatRequest expected, ChatRequest provider, Protocol client,
                                      Protocol upstream) {
        assertEquals(expected.system(), provider.system(), "system prompt");
        assertEquals(ConversionPath.UPSTREAM_MODEL, provider.model(), "upstream model");
        boolean ids = Capabilities.carriesCallIds(client) && Capabilities.carriesCallIds(upstream);
        assertEquals(turns(expected, ids), turns(provider, ids), "conversation as the provider sees it");
        assertToolResultsLinked(provider);
        assertEquals(expected.tools().size(), provider.tools().size(), "tool count");
        boolean schema = Capabilities.carriesJsonSchema(client) && Capabilities.carriesJsonSchema(upstream);
        for (int i = 0; i < expected.tools().size(); i++) {
            ToolDefinition want = expected.tools().get(i);
            ToolDefinition have = provider.tools().get(i);
            assertEquals(want.name(), have.name(), "tool name");
            assertEquals(want.description(), have.description(), "tool description");
            if (schema) {
                assertEquals(want.parameters(), have.parameters(), "tool parameters of " + want.name());
            } else {
                // Cohere v1 parameter_definitions are one level deep (docs/protocols.md#what-each-upstream-takes):
                // the top-level parameter names and their required flags survive.
                assertEquals(fieldNames(want.parameters().path("properties")),
                        fieldNames(have.parameters().path("properties")), "parameter names of " + want.name());
                assertEquals(Set.copyOf(strings(want.parameters().path("required"))),
                        Set.copyOf(strings(have.parameters().path("required"))), "required of " + want.name());
            }
        }
        assertEquals(expected.maxTokens(), provider.maxTokens(), "max tokens");
        assertEquals(expected.temperature(), provider.temperature(), "temperature");
        assertResponseFormatSurvived(expected.responseFormat(), provider.responseFormat(), client, upstream);
        assertEquals(Capabilities.carriesEndUser(client) && Capabilities.carriesEndUser(upstream) ? expected.user()
                : null, provider.user(), "end user");
    }

    /** JSON mode and structured output (docs/protocols.md): the schema reaches every provider as sent. */
    private static void assertResponseFormatSurvived(ResponseFormat want, ResponseFormat have, Protocol client,
                                                     Protocol upstream) {
        if (want == null) {
            assertNull(have, "a text request asks for no JSON");
        } else if (want.hasSchema()) {
            assertNotNull(have, "structured output lost");
            assertEquals(want.schema(), have.schema(), "response schema");
        } else if (Capabilities.carriesJsonMode(client) && Capabilities.carriesJsonMode(upstream)) {
            assertNotNull(have, "JSON mode lost");
            assertFalse(have.hasSchema(), "JSON mode gained a schema");
        } else {
            assertNull(have, "JSON mode without a schema has no form in " + client + " or " + upstream);
        }
    }

    /** Role and part summaries per turn, adjacent same-role turns merged (protocols merge or split them). */
    static List<String> turns(ChatRequest request, boolean withIds) {
        Map<String, String> callNames = new HashMap<>();
        for (Message m : request.messages()) {
            for (ContentPart p : m.content()) {
                if (p instanceof ContentPart.ToolCall c) {
                    callNames.put(c.id(), c.name());
                }
            }
        }
        List<String> turns = new ArrayList<>();
        Role last = null;
        for (Message m : request.messages()) {
            boolean allResults = !m.content().isEmpty()
                    && m.content().stream().allMatch(ContentPart.ToolResult.class::isInstance);
            Role role = allResults ? Role.TOOL : m.role();
            StringBuilder sb = new StringBuilder();
            for (ContentPart p : m.content()) {
                sb.append(" [").append(part(p, callNames, withIds)).append(']');
            }
            if (role == last) {
                turns.set(turns.size() - 1, turns.get(turns.size() - 1) + sb);
            } else {
                turns.add(role + ":" + sb);
            }
            last = role;
        }
        return turns;
    }

    private static String part(ContentPart p, Map<String, String> callNames, boolean withIds) {
        if (p instanceof ContentPart.Text t) {
            return "text " + t.text();
        } else if (p instanceof ContentPart.Image i) {
            return "image " + (i.inline() ? i.mediaType() + " " + i.data() : i.url());
        } else if (p instanceof ContentPart.ToolCall c) {
            return "call " + (withIds ? c.id() + " " : "") + c.name() + " " + canonical(c.arguments());
        }
        ContentPart.ToolResult r = (ContentPart.ToolResult) p;
        String name = r.name() != null ? r.name() : callNames.get(r.toolCallId());
        return "result " + (withIds ? r.toolCallId() + " " : "") + name + " " + canonical(r.content())
                + (r.isError() ? " error" : "");
    }

    /** Every tool result that carries an id answers a call of the same name made earlier. */
    private static void assertToolResultsLinked(ChatRequest request) {
        Map<String, String> calls = new HashMap<>();
        for (Message m : request.messages()) {
            for (ContentPart p : m.content()) {
                if (p instanceof ContentPart.ToolCall c) {
                    assertNotNull(c.id(), "tool call id");
                    calls.put(c.id(), c.name());
                } else if (p instanceof ContentPart.ToolResult r && r.toolCallId() != null) {
                    assertTrue(calls.containsKey(r.toolCallId()), "result " + r.toolCallId() + " answers no call "
                            + calls.keySet());
                    if (r.name() != null) {
                        assertEquals(calls.get(r.toolCallId()), r.name(), "result name");
                    }
                }
            }
        }
    }

    // ---- what the client must see --------------------------------------------------------------------------

    static void assertAnswerSurvived(ChatResponse expected, ChatResponse got, Protocol client, Protocol upstream) {
        assertEquals(expected.text(), got.text(), "text");
        List<ContentPart.ToolCall> want = expected.toolCalls();
        List<ContentPart.ToolCall> have = got.toolCalls();
        assertEquals(want.size(), have.size(), "tool calls " + have);
        boolean ids = Capabilities.carriesCallIds(client) && Capabilities.carriesCallIds(upstream);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i).name(), have.get(i).name(), "tool name");
            assertEquals(canonical(want.get(i).arguments()), canonical(have.get(i).arguments()), "arguments");
            if (ids) {
                assertEquals(want.get(i).id(), have.get(i).id(), "tool call id");
            } else if (client != Protocol.COHERE) {
                assertNotNull(have.get(i).id(), "synthesized id");
                assertFalse(have.get(i).id().isBlank(), "synthesized id");
                assertTrue(seen.add(have.get(i).id()), "ids must be distinct: " + have);
            }
        }
        assertEquals(Capabilities.finish(expected.finishReason(), upstream, client), got.finishReason(),
                "finish reason");
        TokenCounts w = expected.usage();
        TokenCounts h = got.usage();
        assertNotNull(h, "usage");
        assertEquals(w.inputTokens(), h.inputTokens(), "input tokens");
        assertEquals(w.outputTokens(), h.outputTokens(), "output tokens");
        assertEquals(Capabilities.cached(w.cachedInputTokens(), upstream, client), h.cachedInputTokens(),
                "cached input tokens");
        assertEquals(Capabilities.reasoning(w.reasoningTokens(), upstream, client), h.reasoningTokens(),
                "reasoning tokens");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    static String canonical(String json) {
        JsonNode node = Json.tryParse(json);
        return node == null ? json : node.toString();
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
