package io.llmrouter.service.packaged;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (the jar, or the native executable with {@code -Dnative}) started in the demo profile
 * ({@code quarkus.test.integration-test-profile=demo}): health, and every client protocol once unary and once
 * streamed against the built-in simulator. Each protocol is sent a model that routes it to an upstream of another
 * protocol, so the conversions run too; Cohere v2 asks for {@code demo-model}, whose cheapest endpoint always
 * fails with 503 and is failed over. The count doors, and the reasoning and structured output of
 * {@code /v1/responses}, run against the simulator as well. Only HTTP from outside (and the log the launcher keeps,
 * for the demo's curl lines): the same tests run unchanged against the native binary.
 */
@QuarkusIntegrationTest
class PackagedRouterIT {

    private static final String KEY = "demo-key";

    private static String said(String upstream, String prompt) {
        return "Hello from the simulated " + upstream + " upstream. You said: " + prompt;
    }

    private static Response post(String path, String authHeader, String authValue, String body) {
        return given().header(authHeader, authValue).contentType(ContentType.JSON).body(body)
                .when().post(path)
                .then().statusCode(200).extract().response();
    }

    /** Health and metrics are on the management port; the API port serves nothing under /q. */
    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        for (String check : List.of("live", "ready", "started")) {
            management().get("/q/health/" + check).then().statusCode(200).body("status", equalTo("UP"));
            given().get("/q/health/" + check).then().statusCode(404).contentType(ContentType.JSON);
        }
        management().get("/q/metrics").then().statusCode(200).body(containsString("# TYPE "));
        given().get("/q/metrics").then().statusCode(404).contentType(ContentType.JSON);
    }

    /**
     * The demo logs curl lines to try (DemoBanner); each one must work as printed, the health and metrics line on the
     * management port included. They run with {@code curl -f}, so an HTTP error fails them.
     */
    @Test
    void theDemoBannersCurlLinesWork() throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("curl"), "curl is not installed");
        List<String> lines = Files.readAllLines(Path.of("target", "quarkus.log")).stream()
                .map(String::strip).filter(l -> l.startsWith("curl ")).toList();
        assertTrue(lines.size() >= 7, "the demo banner's curl lines: " + lines);
        for (String line : lines) {
            Process curl = new ProcessBuilder("bash", "-o", "pipefail", "-c", line.replace("curl ", "curl -f "))
                    .redirectErrorStream(true).start();
            String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(curl.waitFor(60, TimeUnit.SECONDS), "did not finish: " + line);
            assertEquals(0, curl.exitValue(), () -> line + " failed:\n" + output);
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static RequestSpecification management() {
        return given().port(ConfigProvider.getConfig().getValue("quarkus.management.port", Integer.class));
    }

    /**
     * The demo's embeddings model: listed with the chat models, answered by its cheapest embeddings endpoint (the
     * simulated OpenAI), never by a chat endpoint.
     */
    @Test
    void theDemoServesAndListsAnEmbeddingsModel() {
        given().header("Authorization", "Bearer " + KEY).get("/v1/models").then().statusCode(200)
                .body("data.id", hasItem("demo-embed"));
        Response r = post("/v1/embeddings", "Authorization", "Bearer " + KEY,
                "{\"model\":\"demo-embed\",\"input\":[\"one\",\"two\"]}");
        assertEquals("embed-openai", r.header("x-router-endpoint"));
        JsonNode answer = Transcripts.json(r.asString());
        assertEquals(2, answer.path("data").size());
        assertEquals(1, answer.path("data").path(1).path("index").asInt());
        Response gemini = post("/v1beta/models/demo-embed:embedContent", "x-goog-api-key", KEY,
                "{\"content\":{\"parts\":[{\"text\":\"one\"}]}}");
        assertEquals(answer.path("data").path(0).path("embedding"),
                Transcripts.json(gemini.asString()).path("embedding").path("values"), "the same text, the same vector");
    }

    @Test
    void openAiClientToAnthropicUpstream() {
        String request = """
                {"model":"claude-haiku-4-5","messages":[{"role":"user","content":"ping openai"}]%s}""";
        Response unary = post("/v1/chat/completions", "Authorization", "Bearer " + KEY, request.formatted(""));
        assertEquals("anthropic", unary.header("x-router-endpoint"));
        JsonNode answer = Transcripts.json(unary.asString());
        assertEquals(said("anthropic", "ping openai"), answer.path("choices").path(0).path("message").path("content").asText());
        assertEquals("stop", answer.path("choices").path(0).path("finish_reason").asText());

        Response stream = post("/v1/chat/completions", "Authorization", "Bearer " + KEY,
                request.formatted(",\"stream\":true"));
        assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
        assertTrue(stream.asString().stripTrailing().endsWith("data: [DONE]"), stream.asString());
        StringBuilder text = new StringBuilder();
        for (Transcripts.Event e : Transcripts.sse(stream.asString())) {
            text.append(e.data().path("choices").path(0).path("delta").path("content").asText(""));
        }
        assertEquals(said("anthropic", "ping openai"), text.toString());
    }

    @Test
    void anthropicClientToOpenAiUpstream() {
        String request = """
                {"model":"gpt-4o-mini","max_tokens":256,"messages":[{"role":"user","content":"ping anthropic"}]%s}""";
        Response unary = post("/v1/messages", "x-api-key", KEY, request.formatted(""));
        assertEquals("openai", unary.header("x-router-endpoint"));
        JsonNode answer = Transcripts.json(unary.asString());
        assertEquals(said("openai", "ping anthropic"), answer.path("content").path(0).path("text").asText());
        assertEquals("end_turn", answer.path("stop_reason").asText());

        Response stream = post("/v1/messages", "x-api-key", KEY, request.formatted(",\"stream\":true"));
        List<Transcripts.Event> events = Transcripts.sse(stream.asString());
        assertEquals("message_start", events.get(0).name());
        assertEquals("message_stop", events.get(events.size() - 1).name());
        StringBuilder text = new StringBuilder();
        for (Transcripts.Event e : events) {
            if ("content_block_delta".equals(e.name())) {
                text.append(e.data().path("delta").path("text").asText(""));
            }
        }
        assertEquals(said("openai", "ping anthropic"), text.toString());
    }

    @Test
    void geminiClientToCohereUpstream() {
        String request = """
                {"contents":[{"role":"user","parts":[{"text":"ping gemini"}]}]}""";
        Response unary = post("/v1beta/models/command-r:generateContent", "x-goog-api-key", KEY, request);
        assertEquals("cohere", unary.header("x-router-endpoint"));
        JsonNode answer = Transcripts.json(unary.asString());
        assertEquals(said("cohere", "ping gemini"), Transcripts.geminiText(answer));
        assertEquals("STOP", answer.path("candidates").path(0).path("finishReason").asText());

        Response sse = post("/v1beta/models/command-r:streamGenerateContent?alt=sse", "x-goog-api-key", KEY, request);
        assertTrue(sse.contentType().startsWith("text/event-stream"), sse.contentType());
        StringBuilder sseText = new StringBuilder();
        for (Transcripts.Event e : Transcripts.sse(sse.asString())) {
            sseText.append(Transcripts.geminiText(e.data()));
        }
        assertEquals(said("cohere", "ping gemini"), sseText.toString());

        Response array = post("/v1beta/models/command-r:streamGenerateContent", "x-goog-api-key", KEY, request);
        assertTrue(array.contentType().startsWith("application/json"), array.contentType());
        JsonNode chunks = Transcripts.json(array.asString());
        assertTrue(chunks.isArray() && chunks.size() > 1, array.asString());
        StringBuilder arrayText = new StringBuilder();
        for (JsonNode chunk : chunks) {
            arrayText.append(Transcripts.geminiText(chunk));
        }
        assertEquals(said("cohere", "ping gemini"), arrayText.toString());
    }

    /**
     * The simulator counts tokens as Anthropic and Gemini do, so each count door gets an upstream's count from an
     * Anthropic or Gemini endpoint, and the router's estimate from the others.
     */
    @Test
    void everyCountDoorCountsWithTheSimulatorsAnthropicAndGemini() {
        String anthropic = """
                {"model":"%s","messages":[{"role":"user","content":"How many tokens is this?"}]}""";
        Response counted = post("/v1/messages/count_tokens", "x-api-key", KEY, anthropic.formatted("claude-haiku-4-5"));
        assertEquals("anthropic", counted.header("x-router-endpoint"));
        assertEquals("true", counted.header("x-router-usage-accurate"));
        assertEquals("1", counted.header("x-router-attempts"));
        assertTrue(Transcripts.json(counted.asString()).path("input_tokens").asLong() > 0, counted.asString());

        String gemini = """
                {"contents":[{"role":"user","parts":[{"text":"How many tokens is this?"}]}]}""";
        Response viaGemini = post("/v1beta/models/gemini-2.0-flash:countTokens", "x-goog-api-key", KEY, gemini);
        assertEquals("gemini", viaGemini.header("x-router-endpoint"));
        assertEquals("true", viaGemini.header("x-router-usage-accurate"));
        assertTrue(Transcripts.json(viaGemini.asString()).path("totalTokens").asLong() > 0, viaGemini.asString());

        String responses = """
                {"model":"%s","input":"How many tokens is this?"}""";
        Response viaAnthropic = post("/v1/responses/input_tokens", "Authorization", "Bearer " + KEY,
                responses.formatted("claude-haiku-4-5"));
        JsonNode answer = Transcripts.json(viaAnthropic.asString());
        assertEquals("response.input_tokens", answer.path("object").asText());
        assertTrue(answer.path("input_tokens").asLong() > 0, viaAnthropic.asString());
        assertEquals("true", viaAnthropic.header("x-router-usage-accurate"));

        Response estimated = post("/v1/responses/input_tokens", "Authorization", "Bearer " + KEY,
                responses.formatted("gpt-5-mini"));
        assertEquals("responses", estimated.header("x-router-endpoint"));
        assertEquals("false", estimated.header("x-router-usage-accurate"));
        assertEquals("0", estimated.header("x-router-attempts"));
    }

    /** A Responses client asking for reasoning gets the simulated model's reasoning before its answer. */
    @Test
    void responsesWithReasoningFromAConvertedUpstream() {
        String request = """
                {"model":"claude-haiku-4-5","max_output_tokens":4096,"reasoning":{"effort":"low","summary":"auto"},
                 "input":"ping reasoning"%s}""";
        Response unary = post("/v1/responses", "Authorization", "Bearer " + KEY, request.formatted(""));
        assertEquals("anthropic", unary.header("x-router-endpoint"));
        JsonNode response = Transcripts.json(unary.asString());
        JsonNode output = response.path("output");
        assertEquals("reasoning", output.path(0).path("type").asText(), output.toString());
        assertTrue(output.path(0).path("summary").path(0).path("text").asText().contains("ping reasoning"),
                output.toString());
        assertEquals("message", output.path(1).path("type").asText());
        assertEquals(said("anthropic", "ping reasoning"), output.path(1).path("content").path(0).path("text").asText());
        // Anthropic counts thinking in its output tokens without saying how many: a Responses upstream says so.
        JsonNode nativeAnswer = Transcripts.json(post("/v1/responses", "Authorization", "Bearer " + KEY,
                request.formatted("").replace("claude-haiku-4-5", "gpt-5-mini")).asString());
        assertEquals("reasoning", nativeAnswer.path("output").path(0).path("type").asText(), nativeAnswer.toString());
        assertTrue(nativeAnswer.at("/usage/output_tokens_details/reasoning_tokens").asInt() > 0, nativeAnswer.toString());

        Response stream = post("/v1/responses", "Authorization", "Bearer " + KEY,
                request.formatted(",\"stream\":true"));
        StringBuilder thought = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (Transcripts.Event e : Transcripts.sse(stream.asString())) {
            if ("response.reasoning_summary_text.delta".equals(e.name())) {
                thought.append(e.data().path("delta").asText());
            } else if ("response.output_text.delta".equals(e.name())) {
                text.append(e.data().path("delta").asText());
            }
        }
        assertTrue(thought.toString().contains("ping reasoning"), stream.asString());
        assertEquals(said("anthropic", "ping reasoning"), text.toString());
    }

    /** A Responses client asking for JSON gets an object satisfying its schema, or any object, from the simulator. */
    @Test
    void responsesWithStructuredOutput() {
        String request = """
                {"model":"claude-haiku-4-5","input":"ping json","text":{"format":{"type":"json_schema","name":"city",
                 "schema":{"type":"object","properties":{"city":{"type":"string"},"population":{"type":"integer"}},
                 "required":["city","population"],"additionalProperties":false},"strict":true}}}""";
        JsonNode text = Transcripts.json(outputText(post("/v1/responses", "Authorization", "Bearer " + KEY, request)));
        assertEquals("Paris", text.path("city").asText(), text.toString());
        assertEquals(1, text.path("population").asInt(), text.toString());

        String object = """
                {"model":"gpt-5-mini","input":"ping object","text":{"format":{"type":"json_object"}}}""";
        JsonNode any = Transcripts.json(outputText(post("/v1/responses", "Authorization", "Bearer " + KEY, object)));
        assertEquals(said("openai-responses", "ping object"), any.path("answer").asText());
    }

    /** The text of a Responses answer's message. */
    private static String outputText(Response r) {
        for (JsonNode item : Transcripts.json(r.asString()).path("output")) {
            if ("message".equals(item.path("type").asText())) {
                return item.path("content").path(0).path("text").asText();
            }
        }
        throw new AssertionError("no message in " + r.asString());
    }

    @Test
    void cohereV1ClientToCohereV2Upstream() {
        String request = """
                {"model":"command-r-plus","message":"ping cohere v1"%s}""";
        Response unary = post("/v1/chat", "Authorization", "Bearer " + KEY, request.formatted(""));
        assertEquals("cohere-v2", unary.header("x-router-endpoint"));
        JsonNode answer = Transcripts.json(unary.asString());
        assertEquals(said("cohere-v2", "ping cohere v1"), answer.path("text").asText());
        assertEquals("COMPLETE", answer.path("finish_reason").asText());

        Response stream = post("/v1/chat", "Authorization", "Bearer " + KEY, request.formatted(",\"stream\":true"));
        List<JsonNode> lines = Transcripts.ndjson(stream.asString());
        assertEquals("stream-start", lines.get(0).path("event_type").asText());
        assertEquals("stream-end", lines.get(lines.size() - 1).path("event_type").asText());
        StringBuilder text = new StringBuilder();
        for (JsonNode line : lines) {
            if ("text-generation".equals(line.path("event_type").asText())) {
                text.append(line.path("text").asText());
            }
        }
        assertEquals(said("cohere-v2", "ping cohere v1"), text.toString());
    }

    @Test
    void cohereV2ClientFailsOverToGeminiUpstream() {
        String request = """
                {"model":"demo-model","messages":[{"role":"user","content":"ping cohere v2"}]%s}""";
        // The only calls of demo-model in this suite: 'flaky' fails twice, below its breaker threshold of 3.
        Response unary = post("/v2/chat", "Authorization", "Bearer " + KEY, request.formatted(""));
        assertEquals("gemini", unary.header("x-router-endpoint"));
        assertEquals("2", unary.header("x-router-attempts"));
        JsonNode answer = Transcripts.json(unary.asString());
        assertEquals(said("gemini", "ping cohere v2"), answer.path("message").path("content").path(0).path("text").asText());
        assertEquals("COMPLETE", answer.path("finish_reason").asText());

        Response stream = post("/v2/chat", "Authorization", "Bearer " + KEY, request.formatted(",\"stream\":true"));
        assertEquals("gemini", stream.header("x-router-endpoint"));
        assertEquals("2", stream.header("x-router-attempts"));
        List<Transcripts.Event> events = Transcripts.sse(stream.asString());
        assertEquals("message-start", events.get(0).data().path("type").asText());
        assertEquals("message-end", events.get(events.size() - 1).data().path("type").asText());
        StringBuilder text = new StringBuilder();
        for (Transcripts.Event e : events) {
            if ("content-delta".equals(e.data().path("type").asText())) {
                text.append(e.data().path("delta").path("message").path("content").path("text").asText());
            }
        }
        assertEquals(said("gemini", "ping cohere v2"), text.toString());
    }

    @Test
    void unknownKeyIsRefusedInTheClientsFormat() {
        given().header("x-api-key", "not-a-key").contentType(ContentType.JSON)
                .body("{\"model\":\"gpt-4o-mini\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/messages")
                .then().statusCode(401).body("type", equalTo("error")).body("error.type", startsWith("authentication"));
    }

    /** The exception mappers and the decompressing HTTP layer are part of the packaged application too. */
    @Test
    void wrongPathsAndGzipBodiesAsInTheJvmTests() throws IOException {
        given().header("x-api-key", "demo-key").when().post("/chat/completions")
                .then().statusCode(404).contentType(ContentType.JSON)
                .body("error.message", containsString("Did you mean /v1/chat/completions?"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(("{\"model\":\"gpt-4o-mini\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8));
        }
        given().header("x-api-key", "demo-key").header("Content-Encoding", "gzip").contentType(ContentType.JSON)
                .body(gz.toByteArray()).when().post("/v1/messages")
                .then().statusCode(200).body("type", equalTo("message"));
    }
}
