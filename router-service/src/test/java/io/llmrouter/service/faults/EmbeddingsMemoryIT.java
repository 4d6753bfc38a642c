package io.llmrouter.service.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Embeddings at their largest through the packaged router with the container's memory flags ({@code -Xmx256m
 * -XX:+ExitOnOutOfMemoryError}, see {@code quarkus.test.arg-line}) and the default limits: thousands of wide vectors
 * are answered whole, an answer that would not fit within {@code max-response-size} (one endless, or the parts of a
 * split batch together) fails cleanly in the caller's format, and the router stays up for the next call. An OutOfMemoryError would end the process and fail every later call.
 */
@QuarkusIntegrationTest
@TestProfile(EmbeddingsMemoryProfile.class)
class EmbeddingsMemoryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpResponse<byte[]> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + EmbeddingsMemoryProfile.KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** An OpenAI embeddings body of {@code n} short texts. */
    private static String openai(String model, int n, String format) {
        StringBuilder b = new StringBuilder("{\"model\":\"" + model + "\",\"encoding_format\":\"" + format
                + "\",\"input\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"text ").append(i).append('"');
        }
        return b.append("]}").toString();
    }

    private static void routerIsUp() throws Exception {
        HttpResponse<byte[]> r = post("/v1/embeddings", openai("m-endless", 2, "float"));
        assertEquals(200, r.statusCode(), new String(r.body()));
        assertEquals("ok", r.headers().firstValue("x-router-endpoint").orElse(null));
    }

    @Test
    void thousandsOfWideVectorsAreAnsweredWhole() throws Exception {
        // Two parts (2048 and 952 inputs) of 1536 values each: 25 MB of base64 for the caller.
        HttpResponse<byte[]> r = post("/v1/embeddings", openai("m-wide", 3000, "base64"));

        assertEquals(200, r.statusCode(), new String(r.body(), 0, Math.min(500, r.body().length)));
        JsonNode answer = JSON.readTree(r.body());
        assertEquals(3000, answer.get("data").size());
        assertEquals(2999, answer.at("/data/2999/index").asInt());
        assertEquals(3000, answer.at("/usage/prompt_tokens").asInt(), "both parts' tokens");
        routerIsUp();
    }

    @Test
    void splitPartsTooLargeTogetherFailCleanly() throws Exception {
        // Two parts of 2048 wide vectors: 17 MB of base64 each, within max-response-size (32 MB), together over it.
        HttpResponse<byte[]> r = post("/v1/embeddings", openai("m-wide", 4096, "base64"));

        assertEquals(502, r.statusCode(), new String(r.body()));
        assertTrue(JSON.readTree(r.body()).at("/error/message").asText().contains("max-response-size"),
                new String(r.body()));
        // As floats, the first part alone is over the limit for the caller.
        HttpResponse<byte[]> floats = post("/v1/embeddings", openai("m-wide", 2048, "float"));
        assertEquals(502, floats.statusCode(), new String(floats.body()));
        routerIsUp();
    }

    @Test
    void anEndlessAnswerFailsOverOrFailsCleanlyInTheCallersFormat() throws Exception {
        HttpResponse<byte[]> over = post("/v1/embeddings", openai("m-endless", 3, "float"));
        assertEquals(200, over.statusCode(), new String(over.body()));
        assertEquals("2", over.headers().firstValue("x-router-attempts").orElse(null));

        HttpResponse<byte[]> only = post("/v2/embed", "{\"model\":\"m-endless-only\",\"input_type\":\"search_query\","
                + "\"embedding_types\":[\"float\"],\"texts\":[\"a\",\"b\"]}");
        assertEquals(502, only.statusCode(), new String(only.body()));
        JsonNode error = JSON.readTree(only.body());
        assertTrue(error.path("message").asText().contains("max-response-size"), "Cohere's error format: " + error);
        routerIsUp();
    }
}
