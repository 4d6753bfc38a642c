package io.llmrouter.service.offload;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Event loops never wait for a large body ({@link LargeBodiesProfile}: one event loop for every connection, bodies
 * of 4 KB and more large). The large call's work is held on its worker thread ({@link HeldOffload}); a small call,
 * necessarily on the same loop, must complete meanwhile, which it could not if the large body were being worked on
 * that loop. No timing is measured: the order of events proves it.
 */
@QuarkusTest
@TestProfile(LargeBodiesProfile.class)
class LargeBodiesTest {

    @Inject
    HeldOffload offload;

    @AfterEach
    void letGo() {
        offload.release();
    }

    @Test
    void aSmallCallOnTheSameLoopCompletesWhileALargeBodyIsWorkedOnOffIt() throws Exception {
        offload.forget();
        offload.hold();
        CompletableFuture<Response> large = CompletableFuture.supplyAsync(() -> call(body(200)));
        assertTrue(offload.awaitHeld(), "the large body's work never reached a worker thread");
        // The large call is held on its worker; the one event loop serves a small call (and its upstream) meanwhile.
        call(body(1)).then().statusCode(200);
        assertFalse(large.isDone(), "the large call waits on its worker");
        offload.release();
        large.get(60, TimeUnit.SECONDS).then().statusCode(200);
        List<HeldOffload.Work> work = offload.done();
        // Parsing the request, encoding it for the upstream: both off the loop.
        assertTrue(work.size() >= 2, () -> "work on the large body: " + work);
        assertTrue(work.stream().noneMatch(HeldOffload.Work::onEventLoop), () -> "work on an event loop: " + work);
    }

    @Test
    void smallBodiesAreWorkedOnWhereTheyAre() {
        offload.forget();
        for (int i = 0; i < 3; i++) {
            call(body(1)).then().statusCode(200);
        }
        assertEquals(List.of(), offload.done(), "a small body went to a worker thread");
    }

    /** A compressed body that decodes to a large one is decompressed, then parsed and encoded, off the loop. */
    @Test
    void aLargeCompressedBodyIsDecodedOffTheLoop() throws IOException {
        offload.forget();
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(body(400).getBytes(StandardCharsets.UTF_8));
        }
        given().header("Authorization", "Bearer sim-key").header("Content-Encoding", "gzip")
                .contentType("application/json").body(gzipped.toByteArray()).post("/v1/chat/completions")
                .then().statusCode(200);
        List<HeldOffload.Work> work = offload.done();
        assertEquals(3, work.size(), () -> "decompressing, parsing, encoding: " + work);
        assertTrue(work.stream().noneMatch(HeldOffload.Work::onEventLoop), () -> "work on an event loop: " + work);
    }

    /** An OpenAI call for the test tenant's model with {@code messages} messages: 200 of them are ~9 KB. */
    private static String body(int messages) {
        StringBuilder body = new StringBuilder("{\"model\":\"sim-model\",\"messages\":[");
        for (int i = 0; i < messages; i++) {
            body.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"Tell me about message ")
                    .append(i).append("\"}");
        }
        return body.append("]}").toString();
    }

    private static Response call(String body) {
        RequestSpecification request = given().config(RestAssured.config().httpClient(HttpClientConfig
                        .httpClientConfig().setParam("http.socket.timeout", 60_000)))
                .header("Authorization", "Bearer sim-key").contentType("application/json").body(body);
        return request.post("/v1/chat/completions");
    }
}
