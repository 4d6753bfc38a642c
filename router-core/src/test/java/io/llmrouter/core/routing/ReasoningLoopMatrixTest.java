package io.llmrouter.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.breaker.ManualTicker;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.routing.ScriptedTransport.Answer;
import io.llmrouter.core.testing.StreamAnswers;
import io.llmrouter.core.selection.EndpointPool;
import io.llmrouter.core.telemetry.RouteListener;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The protocol matrix's reasoning scenario: a three-turn tool loop with reasoning on, through the router, for every
 * client × upstream pair, streamed and not (docs/protocols.md, "Tool loops with reasoning"). Turn 1 asks with
 * reasoning; the upstream thinks (signed with its own signature where it has signatures) and calls a tool. Turn 2
 * replays what the client received with the tool's result; the upstream thinks again and calls a second tool. Turn 3
 * replays both and gets the final answer. Turns 2 and 3 must reach the upstream in a form the provider accepts (the
 * rules it answers 400 for, checked here), carrying signatures exactly when the client speaks the upstream's
 * protocol, and the client must get the reasoning back in its own protocol's shape on every turn.
 */
class ReasoningLoopMatrixTest {

    private static final Codecs CODECS = Codecs.defaults();
    /** The upstreams whose reasoning carries a signature of their own. */
    private static final Set<Protocol> SIGNING = Set.of(Protocol.OPENAI_RESPONSES, Protocol.ANTHROPIC,
            Protocol.GEMINI);
    /** The client protocols that show reasoning text (Cohere v1 has no place for it). */
    private static final Set<Protocol> SHOWS_REASONING = Set.of(Protocol.OPENAI, Protocol.OPENAI_RESPONSES,
            Protocol.ANTHROPIC, Protocol.GEMINI, Protocol.COHERE_V2);
    private static final int TURNS = 3;
    private static final String BASE = "https://ep.example";
    private static final String FINAL = "Sunny in Paris, and it is noon.";
    private static final ToolDefinition WEATHER = tool("get_weather", "Weather of a city");
    private static final ToolDefinition TIME = tool("get_time", "Local time of a city");
    private static final AtomicInteger RUNS = new AtomicInteger();

    private static ToolDefinition tool(String name, String description) {
        return new ToolDefinition(name, description, (ObjectNode) Json.tryParse(
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"));
    }

    @TestFactory
    Stream<DynamicNode> threeTurnToolLoopWithReasoning() {
        return PairMatrix.of("Reasoning tool loop (" + TURNS + " turns each)",
                (client, upstream, stream) -> new Loop(client, upstream, stream).run());
    }

    @AfterAll
    static void summary() {
        System.out.printf("Reasoning tool loop outcome: %d loops, %d routed turns%n", RUNS.get(), RUNS.get() * TURNS);
    }

    /** One conversation of one pair in one mode. */
    private static final class Loop {

        private final Protocol client;
        private final Protocol upstream;
        private final boolean stream;
        private final ScriptedTransport transport = new ScriptedTransport();
        private final LlmRouter router = new LlmRouter(CODECS, transport, new TokenEstimator(),
                new FailureClassifier(), RouteListener.NONE);
        private final EndpointPool pool;
        private final String model;

        Loop(Protocol client, Protocol upstream, boolean stream) {
            this.client = client;
            this.upstream = upstream;
            this.stream = stream;
            this.model = switch (upstream) {
                case GEMINI -> "gemini-3-flash";
                case ANTHROPIC -> "claude-sonnet-4-5";
                default -> "upstream-model";
            };
            Key key = new Key(upstream, BASE, "k");
            this.pool = new EndpointPool(List.of(new Endpoint("ep", key, model, Set.of(), 0.001, 0.001,
                    new CircuitBreakerConfig(3, Duration.ofSeconds(60)))), 3, new ManualTicker());
        }

        void run() {
            int[] answered = {0};
            transport.on(BASE, r -> answer(r, ++answered[0]));
            // Cohere v1 clients cannot ask for reasoning; providers that think by default still do.
            ReasoningConfig high = client == Protocol.COHERE ? null : ReasoningConfig.of(ReasoningConfig.Effort.HIGH);
            List<Message> history = new ArrayList<>();
            history.add(Message.text(Role.USER, "What is the weather in Paris, and what time is it there?"));
            ChatRequest request = ChatRequest.builder().model("m").maxTokens(8000).reasoning(high)
                    .tools(List.of(WEATHER, TIME)).stream(stream).includeUsage(stream).messages(history).build();
            List<String> signatures = new ArrayList<>();
            for (int turn = 1; turn <= TURNS; turn++) {
                int k = turn;
                ChatResponse received = call(request.toBuilder().messages(List.copyOf(history)).build());
                UpstreamRequest sent = transport.requests.get(k - 1);
                JsonNode body = Json.tryParse(new String(sent.body(), StandardCharsets.UTF_8));
                assertNotNull(body, "upstream body of turn " + k);
                Providers.check(upstream, body);
                if (k > 1) {
                    history(k, body, signatures);
                }
                boolean thought = Providers.thinks(upstream, body);
                reasoningReceived(k, received, thought);
                if (thought && SIGNING.contains(upstream)) {
                    signatures.add(signature(k));
                } else {
                    signatures.add(null);
                }
                if (k < TURNS) {
                    assertEquals(1, received.toolCalls().size(), () -> "turn " + k + ": " + received);
                    ContentPart.ToolCall called = received.toolCalls().get(0);
                    assertEquals(k == 1 ? WEATHER.name() : TIME.name(), called.name());
                    history.add(new Message(Role.ASSISTANT, received.content()));
                    history.add(new Message(Role.TOOL, List.of(new ContentPart.ToolResult(called.id(),
                            called.name(), k == 1 ? "{\"forecast\":\"sunny\"}" : "{\"time\":\"12:00\"}", false))));
                } else {
                    assertEquals(FINAL, received.text(), received::toString);
                    assertTrue(received.toolCalls().isEmpty(), received::toString);
                }
            }
            assertEquals(TURNS, transport.requests.size(), "one upstream call per turn");
            RUNS.incrementAndGet();
        }

        /** What the client received on turn {@code k}: its reasoning, in its own protocol's shape. */
        private void reasoningReceived(int k, ChatResponse received, boolean thought) {
            List<ContentPart.Reasoning> reasoning = received.reasoning();
            boolean textShown = thought && SHOWS_REASONING.contains(client) && Providers.showsText(upstream);
            assertEquals(textShown, reasoning.stream().anyMatch(r -> r.text().equals(thinking(k))),
                    () -> "turn " + k + ": reasoning text shown to a " + client + " client: " + received);
            boolean signed = thought && client == upstream && SIGNING.contains(upstream);
            for (ContentPart.Reasoning r : reasoning) {
                if (r.signature() != null && !r.signature().isEmpty()) {
                    assertEquals(signature(k), r.signature(), "a client gets only its own provider's signature");
                    assertEquals(client, r.origin());
                }
            }
            assertEquals(signed, reasoning.stream().anyMatch(r -> signature(k).equals(r.signature())),
                    () -> "turn " + k + ": signature returned to a " + client + " client: " + received);
        }

        /**
         * What the upstream received on turn {@code k} of the earlier turns' reasoning: the provider's own
         * signatures byte for byte when the client speaks its protocol, never another's; reasoning text where the
         * upstream takes it back.
         */
        private void history(int k, JsonNode body, List<String> signatures) {
            String text = body.toString();
            boolean own = client == upstream;
            for (int earlier = 1; earlier < k; earlier++) {
                String sig = signatures.get(earlier - 1);
                if (sig != null) {
                    assertEquals(own, text.contains(sig), "turn " + k + " carries turn " + earlier
                            + "'s signature iff the client speaks " + upstream + ": " + text);
                }
            }
            assertFalse(text.matches(".*sig-(?!" + upstream.configName() + "-).*"),
                    () -> "another provider's signature reached " + upstream + ": " + text);
            boolean clientKeptText = SHOWS_REASONING.contains(client) && Providers.showsText(upstream);
            switch (upstream) {
                case ANTHROPIC -> Providers.anthropicTurn(body, own, k);
                case GEMINI -> Providers.geminiTurn(body, own, signatures, client != Protocol.COHERE);
                case OPENAI_RESPONSES -> Providers.responsesTurn(body, own ? k - 1 : 0);
                case OPENAI -> Providers.chatTurn(body, clientKeptText, k);
                case AZURE_OPENAI -> assertFalse(text.contains("reasoning_content"), text);
                case COHERE_V2 -> Providers.cohereTurn(body, clientKeptText, k);
                case COHERE -> assertFalse(text.contains(thinking(1)), text);
            }
        }

        private ChatResponse call(ChatRequest request) {
            byte[] clientBody = SdkReplay.body(client, request);
            InboundContext ctx = client == Protocol.GEMINI ? InboundContext.gemini("m", stream, true)
                    : InboundContext.BODY_ONLY;
            RoutedResponse r = router.route("t", pool, clientBody, client, ctx, CallPolicy.DEFAULTS)
                    .await().atMost(Duration.ofSeconds(5));
            if (r instanceof RoutedResponse.Complete complete) {
                assertEquals(200, r.status(), () -> new String(complete.body(), StandardCharsets.UTF_8));
                assertFalse(stream, "a streamed request was answered whole");
                return CODECS.of(client).decodeResponse(complete.body());
            }
            assertTrue(stream, "a whole request was answered by a stream");
            List<byte[]> frames = ((RoutedResponse.Streamed) r).frames().collect().asList().await()
                    .atMost(Duration.ofSeconds(5));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            frames.forEach(bytes::writeBytes);
            ChatResponse assembled = Streams.assemble(CODECS.of(client).streamDecoder(), bytes.toByteArray());
            // A Responses SDK keeps the completed response, item ids included, rather than the deltas.
            return client == Protocol.OPENAI_RESPONSES ? Streams.completedResponse(bytes.toByteArray(), assembled)
                    : assembled;
        }

        /** The provider's answer to turn {@code k}, whole or streamed, in its own format. */
        private Answer answer(UpstreamRequest request, int k) {
            Protocol format = upstream == Protocol.AZURE_OPENAI ? Protocol.OPENAI : upstream;
            JsonNode body = Json.tryParse(new String(request.body(), StandardCharsets.UTF_8));
            List<ContentPart> content = new ArrayList<>();
            if (Providers.thinks(upstream, body)) {
                content.add(providerReasoning(k));
            }
            content.add(k == 1 ? new ContentPart.ToolCall("call_1", WEATHER.name(), "{\"city\":\"Paris\"}")
                    : k == 2 ? new ContentPart.ToolCall("call_2", TIME.name(), "{\"city\":\"Paris\"}")
                    : new ContentPart.Text(FINAL));
            ChatResponse answer = new ChatResponse("resp-" + k, model, content,
                    k < TURNS ? FinishReason.TOOL_CALLS : FinishReason.STOP, new TokenCounts(20, 10, 0, 4));
            InboundContext providerCtx = format == Protocol.GEMINI ? InboundContext.gemini(model, request.stream(),
                    request.url().contains("alt=sse")) : InboundContext.BODY_ONLY;
            ChatRequest providerRequest = CODECS.of(format).decodeRequest(request.body(), providerCtx);
            if (!request.stream()) {
                return Answer.ok(CODECS.of(format).encodeResponse(answer, providerRequest));
            }
            StreamEncoder encoder = CODECS.of(format).streamEncoder(providerRequest, providerCtx);
            List<byte[]> chunks = new ArrayList<>();
            for (StreamEvent e : Streams.events(answer)) {
                encoder.encode(e, chunks::add);
            }
            encoder.end(chunks::add);
            return Answer.stream(chunks);
        }

        private ContentPart.Reasoning providerReasoning(int k) {
            return switch (upstream) {
                case ANTHROPIC, GEMINI -> ContentPart.Reasoning.signed(thinking(k), signature(k), upstream);
                // OpenAI's encrypted reasoning belongs to its item: the id travels with it.
                case OPENAI_RESPONSES -> new ContentPart.Reasoning(thinking(k), signature(k), false,
                        Protocol.OPENAI_RESPONSES, "rs_" + k);
                default -> ContentPart.Reasoning.text(thinking(k));
            };
        }

        private String signature(int k) {
            return "sig-" + upstream.configName() + "-turn-" + k;
        }
    }

    /**
     * What a client SDK sends for a conversation: its protocol's encoding, with the reasoning it received replayed
     * as it received it. The client's codec stands in for the SDK, but as an upstream encoder it applies the history
     * rules of its protocol's provider (foreign reasoning left out, Anthropic thinking turned off), which an SDK does
     * not: an SDK appends the assistant turn it got as it got it.
     */
    private static final class SdkReplay {

        static byte[] body(Protocol client, ChatRequest request) {
            ObjectNode body = (ObjectNode) Json.tryParse(new String(CODECS.of(client).encodeRequest(request, "m",
                    new Key(client, "https://client.example", "k")).body(), StandardCharsets.UTF_8));
            List<List<ContentPart.Reasoning>> turns = new ArrayList<>();
            List<ContentPart.ToolCall> calls = new ArrayList<>();
            for (Message m : request.messages()) {
                if (m.role() == Role.ASSISTANT) {
                    turns.add(m.content().stream().filter(ContentPart.Reasoning.class::isInstance)
                            .map(ContentPart.Reasoning.class::cast).toList());
                    calls.add(m.content().stream().filter(ContentPart.ToolCall.class::isInstance)
                            .map(ContentPart.ToolCall.class::cast).findFirst().orElseThrow());
                }
            }
            switch (client) {
                case ANTHROPIC -> anthropic(body, turns, request);
                case GEMINI -> gemini(body, turns);
                case OPENAI_RESPONSES -> responses(body, turns, calls);
                default -> {
                }
            }
            return Json.bytes(body);
        }

        /** Thinking blocks first in their turns, signature as received ("" for another provider's), thinking on. */
        private static void anthropic(ObjectNode body, List<List<ContentPart.Reasoning>> turns, ChatRequest request) {
            if (request.reasoning() != null && !body.has("thinking")) {
                body.putObject("thinking").put("type", "enabled").put("budget_tokens", 4096);
            }
            int turn = 0;
            for (JsonNode m : body.path("messages")) {
                if (!"assistant".equals(m.path("role").asText())) {
                    continue;
                }
                List<ContentPart.Reasoning> reasoning = turns.get(turn++);
                ArrayNode content =
                        (ArrayNode) m.path("content");
                if (reasoning.isEmpty() || content.path(0).path("type").asText().contains("thinking")) {
                    continue;
                }
                ContentPart.Reasoning r = reasoning.get(0);
                content.insertObject(0).put("type", "thinking").put("thinking", r.text())
                        .put("signature", r.signature() == null ? "" : r.signature());
            }
        }

        /** Thought parts first in their model turns. */
        private static void gemini(ObjectNode body, List<List<ContentPart.Reasoning>> turns) {
            int turn = 0;
            for (JsonNode c : body.path("contents")) {
                if (!"model".equals(c.path("role").asText())) {
                    continue;
                }
                List<ContentPart.Reasoning> reasoning = turns.get(turn++);
                ArrayNode parts =
                        (ArrayNode) c.path("parts");
                if (reasoning.isEmpty() || reasoning.get(0).text().isEmpty()
                        || parts.path(0).path("thought").asBoolean(false)) {
                    continue;
                }
                parts.insertObject(0).put("text", reasoning.get(0).text()).put("thought", true);
            }
        }

        /** Reasoning items as received, before the function call of their turn. */
        private static void responses(ObjectNode body, List<List<ContentPart.Reasoning>> turns,
                                      List<ContentPart.ToolCall> calls) {
            ArrayNode input =
                    (ArrayNode) body.path("input");
            for (int turn = 0; turn < turns.size(); turn++) {
                if (turns.get(turn).isEmpty()) {
                    continue;
                }
                ContentPart.Reasoning r = turns.get(turn).get(0);
                for (int i = 0; i < input.size(); i++) {
                    JsonNode item = input.get(i);
                    if ("function_call".equals(item.path("type").asText())
                            && calls.get(turn).id().equals(item.path("call_id").asText())) {
                        if (i > 0 && "reasoning".equals(input.get(i - 1).path("type").asText())) {
                            break;
                        }
                        assertNotNull(r.id(), "a Responses client gets reasoning items with their ids");
                        ObjectNode added = input.insertObject(i).put("type", "reasoning").put("id", r.id());
                        added.putArray("summary").addObject().put("type", "summary_text").put("text", r.text());
                        if (r.signature() != null) {
                            added.put("encrypted_content", r.signature());
                        }
                        break;
                    }
                }
            }
        }
    }

    private static String thinking(int k) {
        return "Thinking about step " + k + ".";
    }

    /** A client SDK's view of a stream. */
    private static final class Streams {

        /** The events a provider emits for an answer: reasoning, then text or a tool call, usage, finish. */
        static List<StreamEvent> events(ChatResponse answer) {
            List<StreamEvent> events = new ArrayList<>();
            events.add(new StreamEvent.Start(answer.id(), answer.model(), null));
            for (ContentPart.Reasoning r : answer.reasoning()) {
                for (int i = 0; i < r.text().length(); i += 6) {
                    events.add(new StreamEvent.ReasoningDelta(r.text().substring(i, Math.min(r.text().length(),
                            i + 6))));
                }
                if (r.signature() != null) {
                    events.add(new StreamEvent.ReasoningSignature(r.signature(), r.redacted(), r.origin()));
                }
                events.add(new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING));
            }
            if (!answer.text().isEmpty()) {
                events.add(new StreamEvent.TextDelta(answer.text()));
                events.add(new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT));
            }
            int index = 0;
            for (ContentPart.ToolCall call : answer.toolCalls()) {
                events.add(new StreamEvent.ToolCallStart(index, call.id(), call.name()));
                events.add(new StreamEvent.ToolArgumentsDelta(index, call.arguments()));
                events.add(new StreamEvent.BlockStop(index++));
            }
            events.add(new StreamEvent.UsageReport(answer.usage(), true));
            events.add(new StreamEvent.Finish(answer.finishReason()));
            return events;
        }

        /** The client's stream folded into one answer, reasoning blocks first. */
        static ChatResponse assemble(StreamDecoder decoder, byte[] bytes) {
            List<StreamEvent> events = new ArrayList<>();
            decoder.feed(bytes, events::add);
            decoder.end(events::add);
            return StreamAnswers.assemble(events);
        }

        /**
         * The {@code response} of a Responses stream's {@code response.completed} event, which is what openai-java's
         * accumulator hands back; it must agree with the deltas.
         */
        static ChatResponse completedResponse(byte[] sse, ChatResponse fromDeltas) {
            JsonNode completed = null;
            for (String line : new String(sse, StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("data:")) {
                    JsonNode data = Json.tryParse(line.substring(5).trim());
                    if (data != null && "response.completed".equals(data.path("type").asText())) {
                        completed = data.get("response");
                    }
                }
            }
            assertNotNull(completed, "no response.completed event");
            ChatResponse whole = CODECS.of(Protocol.OPENAI_RESPONSES).decodeResponse(Json.bytes(completed));
            assertEquals(fromDeltas.text(), whole.text(), "text of the deltas and of response.completed");
            assertEquals(fromDeltas.toolCalls(), whole.toolCalls(), "tool calls of the deltas and of the response");
            assertEquals(fromDeltas.reasoning().stream().map(ContentPart.Reasoning::text).toList(),
                    whole.reasoning().stream().map(ContentPart.Reasoning::text).toList(), "reasoning text");
            return whole;
        }
    }

    /** The providers' rules for a tool loop with reasoning, as far as this loop can break them (400 otherwise). */
    private static final class Providers {

        /** Whether the provider thinks for {@code body}: Anthropic only when asked, Cohere v1 never. */
        static boolean thinks(Protocol upstream, JsonNode body) {
            return switch (upstream) {
                case ANTHROPIC -> anthropicThinking(body);
                case COHERE -> false;
                case GEMINI -> body.at("/generationConfig/thinkingConfig/thinkingBudget").asInt(-1) != 0;
                case OPENAI_RESPONSES -> !"none".equals(body.at("/reasoning/effort").asText());
                case COHERE_V2 -> !"disabled".equals(body.at("/thinking/type").asText());
                default -> !"none".equals(body.path("reasoning_effort").asText());
            };
        }

        /** Whether the upstream's answers show reasoning text (all but Cohere v1, which has none). */
        static boolean showsText(Protocol upstream) {
            return upstream != Protocol.COHERE;
        }

        private static boolean anthropicThinking(JsonNode body) {
            String type = body.at("/thinking/type").asText();
            return "enabled".equals(type) || "adaptive".equals(type);
        }

        static void check(Protocol upstream, JsonNode body) {
            switch (upstream) {
                case ANTHROPIC -> anthropic(body);
                case GEMINI -> gemini(body);
                case OPENAI_RESPONSES -> responses(body);
                default -> {
                }
            }
        }

        /**
         * Anthropic turns: the client's own conversation keeps thinking on, every earlier turn led by its signed
         * thinking; any other client's has no signed thinking to lead the turn being continued, so thinking is off.
         */
        static void anthropicTurn(JsonNode body, boolean own, int k) {
            assertEquals(own, anthropicThinking(body), () -> "thinking on iff the history is Anthropic's: " + body);
            int thinkingBlocks = 0;
            for (JsonNode m : body.path("messages")) {
                for (JsonNode block : m.path("content")) {
                    if (block.path("type").asText().contains("thinking")) {
                        thinkingBlocks++;
                    }
                }
            }
            assertEquals(own ? k - 1 : 0, thinkingBlocks, body::toString);
        }

        /**
         * With thinking on, the tool-use turn being continued starts with a thinking block Anthropic signed, and the
         * budget is below the output limit.
         */
        private static void anthropic(JsonNode body) {
            if (!anthropicThinking(body)) {
                return;
            }
            JsonNode lastAssistant = null;
            for (JsonNode m : body.path("messages")) {
                if ("assistant".equals(m.path("role").asText())) {
                    lastAssistant = m;
                }
            }
            if (lastAssistant != null) {
                JsonNode first = lastAssistant.at("/content/0");
                assertTrue("thinking".equals(first.path("type").asText())
                        && !first.path("signature").asText().isEmpty()
                        || "redacted_thinking".equals(first.path("type").asText()), body.toString());
            }
            assertTrue(body.at("/thinking/budget_tokens").asInt(1024) < body.path("max_tokens").asInt(),
                    body.toString());
        }

        /** Nothing is stored, so every replayed reasoning item carries its encrypted content and its id. */
        private static void responses(JsonNode body) {
            assertFalse(body.path("store").asBoolean(true), body.toString());
            for (JsonNode item : body.path("input")) {
                if ("reasoning".equals(item.path("type").asText())) {
                    assertFalse(item.path("encrypted_content").asText().isEmpty(), body.toString());
                    assertFalse(item.path("id").asText().isEmpty(), body.toString());
                }
            }
        }

        static void responsesTurn(JsonNode body, int reasoningItems) {
            int items = 0;
            for (JsonNode item : body.path("input")) {
                if ("reasoning".equals(item.path("type").asText())) {
                    items++;
                }
            }
            assertEquals(reasoningItems, items, body::toString);
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

        /**
         * Gemini turns: thinking stays on; each model turn's function call carries Gemini's own signature when the
         * client speaks Gemini, else Google's documented validator bypass.
         */
        static void geminiTurn(JsonNode body, boolean own, List<String> signatures, boolean asked) {
            if (asked) {
                assertTrue(body.at("/generationConfig/thinkingConfig").isObject(), body::toString);
            }
            int turn = 0;
            for (JsonNode content : body.path("contents")) {
                if (!"model".equals(content.path("role").asText())) {
                    continue;
                }
                String sig = signatures.get(turn++);
                for (JsonNode part : content.path("parts")) {
                    if (part.has("functionCall")) {
                        assertEquals(own && sig != null ? sig : "skip_thought_signature_validator",
                                part.path("thoughtSignature").asText(), body::toString);
                        break;
                    }
                }
            }
        }

        /**
         * OpenAI-compatible turns: every assistant tool-call message carries its turn's reasoning back as
         * {@code reasoning_content}, as DeepSeek's thinking mode requires, when the client kept the text.
         */
        static void chatTurn(JsonNode body, boolean clientKeptText, int k) {
            int turn = 0;
            for (JsonNode m : body.path("messages")) {
                if ("assistant".equals(m.path("role").asText())) {
                    turn++;
                    assertTrue(m.has("tool_calls"), body::toString);
                    assertEquals(clientKeptText ? thinking(turn) : "", m.path("reasoning_content").asText(),
                            body::toString);
                }
            }
            assertEquals(k - 1, turn, body::toString);
        }

        /** Cohere v2 takes the reasoning text of any provider back as thinking content. */
        static void cohereTurn(JsonNode body, boolean clientKeptText, int k) {
            int turn = 0;
            for (JsonNode m : body.path("messages")) {
                if ("assistant".equals(m.path("role").asText())) {
                    turn++;
                    boolean found = false;
                    for (JsonNode c : m.path("content")) {
                        found |= "thinking".equals(c.path("type").asText())
                                && thinking(turn).equals(c.path("thinking").asText());
                    }
                    assertEquals(clientKeptText, found, body::toString);
                }
            }
            assertEquals(k - 1, turn, body::toString);
        }
    }
}
