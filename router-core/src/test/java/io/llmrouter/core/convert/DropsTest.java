package io.llmrouter.core.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.InboundContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The one mechanism for what a conversion leaves out: the client's fields each decoder does not read, the values each
 * encoder cannot write, named in the client's terms, bounded, and refused in strict mode.
 */
class DropsTest {

    private final Codecs codecs = Codecs.defaults();

    private Set<String> decoded(Protocol client, String body, InboundContext ctx) {
        Drops drops = Drops.recording();
        codecs.of(client).decodeRequest((ObjectNode) Json.tryParse(body), ctx, drops);
        return drops.names();
    }

    private Set<String> decoded(Protocol client, String body) {
        return decoded(client, body, InboundContext.BODY_ONLY);
    }

    @Test
    void namesAreSortedDeduplicatedAndBounded() {
        Drops drops = Drops.recording();
        drops.field("seed");
        drops.field("logit_bias");
        drops.field("seed");
        assertEquals("logit_bias,seed", drops.header());

        Drops many = Drops.recording();
        for (int i = 0; i < Drops.MAX_NAMES + 3; i++) {
            many.field("f" + (100 + i));
        }
        assertEquals(Drops.MAX_NAMES, many.names().size());
        assertTrue(many.header().endsWith(",+3"), many.header());

        Drops odd = Drops.recording();
        odd.field("x".repeat(Drops.MAX_NAME_LENGTH + 1));
        odd.field("a b");
        odd.field("bad,name");
        assertEquals(Set.of(Drops.OTHER), odd.names(), "a caller's invented names never reach a header as sent");
        assertNull(Drops.recording().header());
    }

    @Test
    void unreadFieldsSetToNothingAreNoLoss() {
        Drops drops = Drops.recording();
        drops.unread((ObjectNode) Json.tryParse("{\"a\":1,\"b\":null,\"c\":false,\"d\":true,\"e\":{}}"),
                Set.of("a"), "p.");
        assertEquals(Set.of("p.d", "p.e"), drops.names());
    }

    @Test
    void aStrictCollectorRefusesNamingTheFieldInTheClientsTerms() {
        Drops strict = Drops.forAttempt(true, codecs.of(Protocol.GEMINI)::fieldName);
        RouterException e = assertThrows(RouterException.class, () -> strict.lost(IrField.SEED));
        assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
        assertTrue(e.getMessage().contains("'generationConfig.seed'"), e.getMessage());
        assertTrue(e.getMessage().contains("router.conversion.strict"), e.getMessage());

        Drops decodedDrops = Drops.recording();
        decodedDrops.field("logit_bias");
        Drops attempt = Drops.forAttempt(true, IrField::defaultName);
        assertThrows(RouterException.class, () -> attempt.replay(decodedDrops));
        Drops.forAttempt(true, IrField::defaultName).replay(Drops.recording());
    }

    @Test
    void openAiClientFieldsWithoutAPlaceInTheIrAreNamed() {
        assertEquals(Set.of("logit_bias", "messages[].content[]=input_audio", "messages[].name", "n",
                        "tools[].function.strict", "tools[]=custom", "service_tier"),
                decoded(Protocol.OPENAI, """
                        {"model":"m","n":2,"logit_bias":{"1":2},"service_tier":"flex","logprobs":false,"store":null,
                         "tools":[{"type":"function","function":{"name":"f","strict":true}},{"type":"custom"}],
                         "messages":[{"role":"user","name":"ann","content":[{"type":"text","text":"hi"},
                           {"type":"input_audio","input_audio":{}}]}]}"""));
        assertEquals(Set.of(), decoded(Protocol.OPENAI, """
                {"model":"m","n":1,"metadata":{"k":"v"},"stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"assistant","content":null,"refusal":null,
                   "tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"c","content":"ok"}]}"""));
    }

    @Test
    void anthropicClientFieldsWithoutAPlaceInTheIrAreNamed() {
        assertEquals(Set.of("cache_control", "container", "messages[].content[].cache_control",
                        "messages[].content[]=document", "metadata.tag", "tools[].cache_control",
                        "tools[]=web_search_20250305"),
                decoded(Protocol.ANTHROPIC, """
                        {"model":"m","max_tokens":10,"cache_control":{"type":"ephemeral"},"container":"c1",
                         "metadata":{"user_id":"u","tag":"x"},
                         "tools":[{"name":"f","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral"}},
                                  {"type":"web_search_20250305","name":"web_search"}],
                         "messages":[{"role":"user","content":[{"type":"text","text":"hi",
                             "cache_control":{"type":"ephemeral"}},{"type":"document","source":{}}]}]}"""));
    }

    @Test
    void geminiAndCohereClientFieldsWithoutAPlaceInTheIrAreNamed() {
        assertEquals(Set.of("safetySettings", "generationConfig.candidateCount", "tools[].googleSearch",
                        "generationConfig.responseModalities"),
                decoded(Protocol.GEMINI, """
                        {"contents":[{"role":"user","parts":[{"text":"hi"}]}],"safetySettings":[{}],
                         "tools":[{"googleSearch":{}}],
                         "generationConfig":{"candidateCount":2,"responseModalities":["TEXT"],"temperature":1}}""",
                        InboundContext.gemini("gemini-2.5-flash", false, true)));
        assertEquals(Set.of("connectors", "citation_quality"), decoded(Protocol.COHERE, """
                {"message":"hi","connectors":[{"id":"web-search"}],"citation_quality":"fast"}"""));
        assertEquals(Set.of("safety_mode", "documents"), decoded(Protocol.COHERE_V2, """
                {"model":"m","messages":[{"role":"user","content":"hi"}],"safety_mode":"OFF","documents":["d"]}"""));
    }

    @Test
    void encodersNameWhatTheUpstreamCannotTakeInTheClientsTerms() {
        ChatRequest request = ChatRequest.builder().model("m").messages(List.of(Message.text(Role.USER, "hi")))
                .seed(7L).topK(5).presencePenalty(0.1).parallelToolCalls(false).user("u")
                .metadata(Map.of("k", "v")).build();
        assertEquals(Set.of("generationConfig.seed", "generationConfig.presencePenalty", "metadata"),
                encoded(Protocol.GEMINI, Protocol.ANTHROPIC, request));
        assertEquals(Set.of("top_k"), encoded(Protocol.OPENAI, Protocol.OPENAI, request));
        assertEquals(Set.of("metadata", "parallel_tool_calls", "user"),
                encoded(Protocol.OPENAI, Protocol.GEMINI, request));
        assertEquals(Set.of("metadata", "metadata.user_id", "tool_choice.disable_parallel_tool_use"),
                encoded(Protocol.ANTHROPIC, Protocol.COHERE_V2, request));
        assertEquals(Set.of("metadata", "tool_choice", "parallel_tool_calls", "user"),
                encoded(Protocol.OPENAI, Protocol.COHERE, request.toBuilder().toolChoice(
                        io.llmrouter.api.chat.ToolChoice.AUTO).build()));
    }

    private Set<String> encoded(Protocol client, Protocol upstream, ChatRequest request) {
        Drops drops = Drops.forAttempt(false, codecs.of(client)::fieldName);
        codecs.of(upstream).encodeRequest(request, new Outbound("m",
                new Key(upstream, "https://upstream.example", "k"), drops));
        return drops.names();
    }

    @Test
    void hostDialectsReportWhatTheyRemove() {
        // Mistral refuses fields outside its schema; OpenAI's reasoning models refuse sampling controls.
        byte[] body = """
                {"model":"m","seed":3,"user":"u","logit_bias":{"1":1},"temperature":0.5,"stream":true,
                 "messages":[{"role":"user","content":"hi","name":"ann"}]}""".getBytes(StandardCharsets.UTF_8);
        ProtocolCodec openai = codecs.of(Protocol.OPENAI);
        ChatRequest decoded = openai.decodeRequest(body, InboundContext.BODY_ONLY);
        Drops mistral = Drops.recording();
        openai.passthroughRequest((ObjectNode) Json.tryParse(new String(body, StandardCharsets.UTF_8)), decoded,
                new Outbound("mistral-large", new Key(Protocol.OPENAI, "https://api.mistral.ai/v1", "k"), mistral));
        assertEquals(Set.of("logit_bias", "user"), mistral.names(),
                "seed goes on as random_seed, stream_options is the router's own, a message's name is Mistral's too");

        Drops reasoning = Drops.recording();
        openai.passthroughRequest((ObjectNode) Json.tryParse(new String(body, StandardCharsets.UTF_8)), decoded,
                new Outbound("o3", new Key(Protocol.OPENAI, "https://api.openai.com", "k"), reasoning));
        assertEquals(Set.of("logit_bias", "temperature"), reasoning.names());
    }

    /** Requests: what an upstream answers is read by the response decoders, which this does not cover. */
    @Test
    void noRequestConversionDropsAFieldAnyOtherWay() throws IOException {
        Path convert = Path.of("src/main/java/io/llmrouter/core/convert");
        try (Stream<Path> files = Files.walk(convert)) {
            List<String> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.getFileName().toString().contains("ResponseDecoder")).filter(f -> {
                try {
                    String source = Files.readString(f);
                    return source.contains("\"dropping") || source.contains("logDropped");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
            assertEquals(List.of(), offenders, "every drop goes through Drops");
        }
    }
}
