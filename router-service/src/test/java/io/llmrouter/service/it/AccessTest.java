package io.llmrouter.service.it;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.llmrouter.service.it.FakeUpstreams.ACME_KEY;
import static io.llmrouter.service.it.FakeUpstreams.ACME_KEY_2;
import static io.llmrouter.service.it.FakeUpstreams.LIMITED_KEY;
import static io.llmrouter.service.it.FakeUpstreams.SINGLE_KEY;
import static io.llmrouter.service.it.FakeUpstreams.UPSTREAM_SECRET;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPattern;
import io.llmrouter.core.testing.CapturedLog;
import io.llmrouter.core.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the router checks before routing: inbound keys, request bodies, model names, tenant limits; and the model list. */
@QuarkusTest
@TestProfile(UpstreamsProfile.class)
class AccessTest {

    static final String UNKNOWN_KEY = "unknown-inbound-key-8d2e";
    static final String ANTHROPIC_BODY = "{\"model\":\"m-cheap\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    static final String GEMINI_BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello\"}]}]}";
    static final String COHERE_V1_BODY = "{\"model\":\"m-cheap\",\"message\":\"Say hello\"}";
    static final String COHERE_V2_BODY = "{\"model\":\"m-cheap\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";

    WireMockServer wireMock;
    SlowUpstream slow;

    @BeforeEach
    void answerOk() {
        wireMock.resetRequests();
        wireMock.stubFor(post(urlPathEqualTo("/cheap-a/v1/chat/completions"))
                .willReturn(okJson(Fixtures.text("openai/response_text.json"))));
    }

    @Test
    void everyKeyPlacementSelectsTheTenant() {
        given().header("Authorization", "Bearer " + ACME_KEY).contentType("application/json")
                .body(Clients.openaiBody("m-cheap", false)).post("/v1/chat/completions")
                .then().statusCode(200).header("x-router-endpoint", "cheap-a");
        given().header("x-api-key", ACME_KEY).header("anthropic-version", "2023-06-01").contentType("application/json")
                .body(ANTHROPIC_BODY).post("/v1/messages")
                .then().statusCode(200).body("type", equalTo("message")).header("x-router-endpoint", "cheap-a");
        given().header("x-goog-api-key", ACME_KEY).contentType("application/json").body(GEMINI_BODY)
                .post("/v1beta/models/m-cheap:generateContent")
                .then().statusCode(200).body("candidates", notNullValue()).header("x-router-endpoint", "cheap-a");
        given().queryParam("key", ACME_KEY_2).contentType("application/json").body(GEMINI_BODY)
                .post("/v1beta/models/m-cheap:generateContent")
                .then().statusCode(200).header("x-router-endpoint", "cheap-a");
        given().header("Authorization", "Bearer " + ACME_KEY_2).contentType("application/json").body(COHERE_V1_BODY)
                .post("/v1/chat").then().statusCode(200).body("text", notNullValue());
        given().header("Authorization", "Bearer " + ACME_KEY).contentType("application/json").body(COHERE_V2_BODY)
                .post("/v2/chat").then().statusCode(200).body("message", notNullValue());
    }

    @Test
    void missingOrUnknownKeyIs401InEachProtocolsFormat() {
        List<LogRecord> records = CapturedLog.everything(() -> {
            for (RequestSpecification anonymous : new RequestSpecification[] {
                    given(), given().header("Authorization", "Bearer " + UNKNOWN_KEY)}) {
                check401(anonymous.contentType("application/json").body(Clients.openaiBody("m-cheap", false))
                        .post("/v1/chat/completions"))
                        .body("error.message", notNullValue()).body("error.type", notNullValue());
            }
            check401(given().header("x-api-key", UNKNOWN_KEY).contentType("application/json").body(ANTHROPIC_BODY)
                    .post("/v1/messages"))
                    .body("type", equalTo("error")).body("error.type", equalTo("authentication_error"));
            check401(given().header("x-goog-api-key", UNKNOWN_KEY).contentType("application/json").body(GEMINI_BODY)
                    .post("/v1beta/models/m-cheap:generateContent"))
                    .body("error.code", equalTo(401)).body("error.status", equalTo("UNAUTHENTICATED"))
                    .body("error.message", notNullValue());
            check401(given().queryParam("key", UNKNOWN_KEY).contentType("application/json").body(COHERE_V1_BODY)
                    .post("/v1/chat")).body("id", notNullValue()).body("message", notNullValue());
            check401(given().contentType("application/json").body(COHERE_V2_BODY).post("/v2/chat"))
                    .body("id", notNullValue()).body("message", notNullValue());
            check401(given().header("Authorization", "Bearer " + UNKNOWN_KEY).get("/v1/models"))
                    .body("error.message", notNullValue());
        });
        List<String> logged = records.stream().map(r -> r.getLoggerName() + " " + r.getMessage() + " "
                + Arrays.toString(r.getParameters()) + " " + (r.getThrown() == null ? "" : r.getThrown().toString()))
                .toList();
        for (String line : logged) {
            assertFalse(line.contains(UNKNOWN_KEY) || line.contains(ACME_KEY), "key logged: " + line);
        }
        wireMock.verify(0, postRequestedFor(urlPathEqualTo("/cheap-a/v1/chat/completions")));
    }

    private static ValidatableResponse check401(Response r) {
        return r.then().statusCode(401).body(not(containsString(UNKNOWN_KEY))).body(not(containsString(ACME_KEY)));
    }

    @Test
    void malformedJsonIs400InTheClientsFormatWithoutAnUpstreamCall() {
        long before = upstreamCalls();
        String broken = "{\"model\":\"m-cheap\",\"messages\":[";
        notACrash(acme().body(broken).post("/v1/chat/completions").then().statusCode(400)
                .body("error.message", notNullValue()));
        notACrash(acme().body(broken).post("/v1/messages").then().statusCode(400).body("type", equalTo("error")));
        notACrash(acme().body(broken).post("/v1beta/models/m-cheap:generateContent").then().statusCode(400)
                .body("error.code", equalTo(400)).body("error.status", equalTo("INVALID_ARGUMENT")));
        notACrash(acme().body(broken).post("/v1/chat").then().statusCode(400).body("message", notNullValue()));
        notACrash(acme().body(broken).post("/v2/chat").then().statusCode(400).body("message", notNullValue()));
        assertEquals(before, upstreamCalls());
    }

    @Test
    void multipartBodyIs400InTheClientsFormatAfterTheKeyCheck() {
        long before = upstreamCalls();
        String chat = "{\"model\":\"m-cheap\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        notACrash(given().header("Authorization", "Bearer " + ACME_KEY).multiPart("body", chat)
                .post("/v1/chat/completions").then().statusCode(400)
                // The Vert.x door names the problem; through JAX-RS the raw multipart bytes fail JSON parsing.
                .body("error.message", anyOf(containsString("application/json"), containsString("not valid JSON"))));
        notACrash(given().header("x-api-key", ACME_KEY).multiPart("body", chat).post("/v1/messages").then()
                .statusCode(400).body("type", equalTo("error")));
        notACrash(given().header("Authorization", "Bearer wrong-key").multiPart("body", chat)
                .post("/v1/chat/completions").then().statusCode(401));
        assertEquals(before, upstreamCalls());
    }

    @Test
    void oversizedBodyIs413InTheClientsFormatWithoutAnUpstreamCall() {
        long before = upstreamCalls();
        String big = "{\"model\":\"m-cheap\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70 * 1024)
                + "\"}]}";
        notACrash(acme().body(big).post("/v1/chat/completions").then().statusCode(413)
                .body("error.message", containsString("exceeds")));
        notACrash(acme().body(big).post("/v1/messages").then().statusCode(413).body("type", equalTo("error")));
        // google.rpc has no "too large" status: 413 with Google's closest one, INVALID_ARGUMENT.
        notACrash(acme().body(big).post("/v1beta/models/m-cheap:generateContent").then().statusCode(413)
                .body("error.code", equalTo(413)).body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.message", containsString("exceeds")));
        assertEquals(before, upstreamCalls());
    }

    @Test
    void unknownModelIs404ModelNotFound() {
        long before = upstreamCalls();
        notACrash(acme().body(Clients.openaiBody("no-such-model", false)).post("/v1/chat/completions").then()
                .statusCode(404).body("error.code", equalTo("model_not_found")));
        notACrash(acme().body(ANTHROPIC_BODY.replace("m-cheap", "no-such-model")).post("/v1/messages").then()
                .statusCode(404).body("type", equalTo("error")).body("error.type", equalTo("not_found_error")));
        assertEquals(before, upstreamCalls());
    }

    @Test
    void requestsPerMinuteLimitAnswers429WithRetryAfter() {
        wireMock.stubFor(post(urlPathEqualTo("/lim-a/v1/chat/completions"))
                .willReturn(okJson(Fixtures.text("openai/response_text.json"))));
        Clients.openai(LIMITED_KEY, "m-lim").then().statusCode(200);
        Clients.openai(LIMITED_KEY, "m-lim").then().statusCode(200);
        Clients.openai(LIMITED_KEY, "m-lim").then().statusCode(429).header("Retry-After", notNullValue())
                .body("error.message", containsString("Rate limit"));
        wireMock.verify(2, postRequestedFor(urlPathEqualTo("/lim-a/v1/chat/completions")));
    }

    @Test
    void maxConcurrentLimitAnswers429WhileAStreamIsInFlight() throws Exception {
        wireMock.stubFor(post(urlPathEqualTo("/conc-quick/v1/chat/completions"))
                .willReturn(okJson(Fixtures.text("openai/response_text.json"))));
        String path = "/conc/v1/chat/completions";
        try (Socket inFlight = Clients.openStream(SINGLE_KEY, "m-slow", "Hel")) {
            assertTrue(inFlight.isConnected() && slow.arrived(path).isDone());
            // Refused at once, every time: not queued behind the stream, and refusals take no permit.
            for (int i = 0; i < 3; i++) {
                Clients.openai(SINGLE_KEY, "m-quick").then().statusCode(429).header("Retry-After", notNullValue())
                        .body("error.message", containsString("concurrent"));
            }
        }
        slow.closed(path).get(20, TimeUnit.SECONDS);
        // The stream's permit comes back when its end (the cancellation) has been processed.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int status;
        do {
            status = Clients.openai(SINGLE_KEY, "m-quick").statusCode();
        } while (status == 429 && System.nanoTime() < deadline);
        assertEquals(200, status);
    }

    @Test
    void modelsListsTheTenantsPublicModels() {
        given().header("Authorization", "Bearer " + ACME_KEY).get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItems("m-cheap", "m-share", "m-fail", "m-stream"))
                .body("data.id", not(hasItems("sim-model")))
                .body("data.object", everyItem(equalTo("model")));
        given().header("Authorization", "Bearer " + SINGLE_KEY).get("/v1/models").then().statusCode(200)
                .body("data.id", hasItems("m-slow", "m-quick")).body("data.size()", equalTo(2));
    }

    private static RequestSpecification acme() {
        return given().header("Authorization", "Bearer " + ACME_KEY).contentType("application/json");
    }

    /** The caller's mistake is never a 500, a stack trace or a leaked secret. */
    private static void notACrash(ValidatableResponse r) {
        r.body(not(containsString("Exception"))).body(not(containsString("\tat ")))
                .body(not(containsString(UPSTREAM_SECRET))).body(not(containsString(ACME_KEY)));
    }

    private long upstreamCalls() {
        return wireMock.countRequestsMatching(RequestPattern.everything()).getCount();
    }
}
