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
import static org.hamcrest.Matchers.allOf;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
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
    void multipartBodyIs415InTheClientsFormatAfterTheKeyCheck() {
        long before = upstreamCalls();
        String chat = "{\"model\":\"m-cheap\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        notACrash(given().header("Authorization", "Bearer " + ACME_KEY).multiPart("body", chat)
                .post("/v1/chat/completions").then().statusCode(415)
                .body("error.message", containsString("Content-Type: application/json")));
        notACrash(given().header("x-api-key", ACME_KEY).multiPart("body", chat).post("/v1/messages").then()
                .statusCode(415).body("type", equalTo("error")));
        notACrash(given().header("Authorization", "Bearer wrong-key").multiPart("body", chat)
                .post("/v1/chat/completions").then().statusCode(401));
        assertEquals(before, upstreamCalls());
    }

    /**
     * Form bodies the HTTP layer's decoder cannot read (a multipart part without headers, a form with an invalid
     * percent escape) are a caller's error like any other body: 401 without a key, else 415 or 400, each in the
     * caller's format, with nothing logged at WARN or above and no stack trace, on every chat route.
     */
    @Test
    void malformedMultipartAndFormBodiesAreRefusedInTheCallersFormatWithoutAStackTrace() {
        long before = upstreamCalls();
        byte[] multipart = "--x\r\n\r\n--x--".getBytes(StandardCharsets.UTF_8);
        String form = "a=%zz&&==";
        List<LogRecord> logged = CapturedLog.everything(() -> {
            for (String[] route : CHAT_ROUTES) {
                String path = route[0];
                String keyHeader = route[1];
                given().contentType("multipart/form-data; boundary=x").body(multipart).post(path)
                        .then().statusCode(401).body(inFormatOf(path));
                given().header(keyHeader, keyValue(keyHeader)).contentType("multipart/form-data; boundary=x")
                        .body(multipart).post(path).then().statusCode(415).body(inFormatOf(path));
                given().contentType("application/x-www-form-urlencoded").body(form).post(path)
                        .then().statusCode(401).body(inFormatOf(path));
                given().header(keyHeader, keyValue(keyHeader)).contentType("application/x-www-form-urlencoded")
                        .body(form).post(path).then().statusCode(400).body(inFormatOf(path))
                        .body(containsString("not valid JSON"));
            }
        });
        assertTrue(logged.stream().noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
                        || r.getThrown() != null),
                () -> "a malformed body is the caller's error, not the router's: " + logged.stream()
                        .map(r -> r.getLevel() + " " + r.getMessage()).toList());
        assertEquals(before, upstreamCalls());
    }

    /**
     * A declared length over the limit, even far over the HTTP layer's hard cap, is refused before the body is read:
     * 413 in the format the path speaks (OpenAI's for a path no route serves), and the connection is closed instead
     * of the upload being read to its end.
     */
    @Test
    void aDeclaredLengthOverTheLimitIs413InTheCallersFormatAndTheConnectionIsClosed() throws IOException {
        long before = upstreamCalls();
        for (String[] route : new String[][] {{"/v1/chat/completions", "Authorization"}, {"/v1/messages", "x-api-key"},
                                              {"/v1beta/models/m-cheap:generateContent", "x-goog-api-key"},
                                              {"/no-such-route", "Authorization"}}) {
            for (long declared : new long[] {70 * 1024, 70_000_000L, 9_000_000_000L}) {
                String answer = Clients.rawExchange("POST " + route[0] + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + route[1] + ": " + keyValue(route[1]) + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + declared + "\r\n\r\n{\"model\":");
                assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
                assertTrue(answer.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"), answer);
                String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                assertTrue(body.contains("exceeds the limit of"), answer);
                if (route[0].equals("/v1/messages")) {
                    assertTrue(body.contains("\"type\":\"error\""), answer);
                } else if (route[0].startsWith("/v1beta/")) {
                    assertTrue(body.contains("\"code\":413"), answer);
                } else {
                    assertTrue(body.startsWith("{\"error\":{\"message\":"), answer);
                }
            }
        }
        assertEquals(before, upstreamCalls());
    }

    /**
     * Requests the HTTP codec cannot decode (a request line or headers over their limits, a request line that is not
     * HTTP, a broken chunked body) are answered in the format their path or headers speak, OpenAI's when there is
     * nothing to go by, instead of Vert.x's empty 414, 431 and 400; then the connection is closed.
     */
    @Test
    void undecodableRequestsAreAnsweredInTheCallersFormatNotEmpty() throws IOException {
        long before = upstreamCalls();
        String uri = Clients.rawExchange("GET /v1/models?q=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(uri.startsWith("HTTP/1.1 414 "), uri);
        assertTrue(uri.endsWith("{\"error\":{\"message\":\"The request line is longer than 4096 bytes: shorten the "
                + "URL\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}"), uri);
        String headers = Clients.rawExchange("POST /v1/messages HTTP/1.1\r\nHost: x\r\nanthropic-version: 2023-06-01"
                + "\r\nX-Big: " + "a".repeat(30_000) + "\r\n\r\n");
        assertTrue(headers.startsWith("HTTP/1.1 431 "), headers);
        assertTrue(headers.endsWith("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
                + "\"The request headers are larger than 20480 bytes\"}}"), headers);
        String garbage = Clients.rawExchange("GARBAGE\r\n\r\n");
        assertTrue(garbage.startsWith("HTTP/1.1 400 "), garbage);
        assertTrue(garbage.contains("{\"error\":{\"message\":\"The request is not valid HTTP/1.1\""), garbage);
        String chunks = Clients.rawExchange("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + ACME_KEY + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n");
        assertTrue(chunks.startsWith("HTTP/1.1 400 "), chunks);
        assertTrue(chunks.contains("{\"error\":{\"message\":\"The request body is not valid HTTP/1.1"), chunks);
        for (String answer : new String[] {uri, headers, garbage, chunks}) {
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("\r\ncontent-type: application/json\r\n"), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"), answer);
        }
        assertEquals(before, upstreamCalls());
    }

    /** JSON a caller cannot send is described in its terms, naming none of the parser's classes or settings. */
    @Test
    void malformedJsonIsDescribedForTheCaller() {
        notACrash(acme().body("{\"model\":\"m-cheap\",\"temperature\":NaN,\"messages\":[]}")
                .post("/v1/chat/completions").then().statusCode(400).body("error.message", equalTo("request body is not valid JSON: "
                        + "NaN and Infinity are not valid JSON numbers at line 1, column 37")));
        String deep = "{\"model\":\"m-cheap\",\"messages\":" + "[".repeat(1001) + "]".repeat(1001) + "}";
        notACrash(acme().body(deep).post("/v1/messages").then().statusCode(400)
                .body("error.message", equalTo("request body is not valid JSON: nesting deeper than 1000 levels")));
        notACrash(acme().body("{\"model\":\"m-che").post("/v2/chat").then().statusCode(400)
                .body("message", equalTo("request body is not valid JSON: "
                        + "unexpected end of input at line 1, column 16")));
    }

    /** A model name of any length comes back cut short in a 404, from a chat call and from the model retrieve. */
    @Test
    void anUnknownModelsNameIsEchoedCutShort() {
        String model = "m".repeat(60_000);
        String chat = acme().body(Clients.openaiBody(model, false)).post("/v1/chat/completions").then().statusCode(404)
                .extract().path("error.message");
        assertEquals("The model '" + "m".repeat(100) + "...' is not served by this router", chat);
        String retrieve = given().header("Authorization", "Bearer " + ACME_KEY).get("/v1/models/" + "m".repeat(3000))
                .then().statusCode(404).extract().path("error.message");
        assertEquals(chat, retrieve);
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
    void gzipAndDeflateBodiesAreDecodedAndTheLimitCountsDecodedBytes() throws Exception {
        byte[] chat = Clients.openaiBody("m-cheap", false).getBytes(StandardCharsets.UTF_8);
        acme().header("Content-Encoding", "gzip").body(gzip(chat)).post("/v1/chat/completions").then()
                .statusCode(200).header("x-router-endpoint", "cheap-a");
        acme().header("Content-Encoding", "deflate").body(deflate(chat, false)).post("/v1/chat/completions").then()
                .statusCode(200).header("x-router-endpoint", "cheap-a");
        // Some clients send deflate without zlib's wrapper.
        acme().header("Content-Encoding", "deflate").body(deflate(chat, true)).post("/v1/chat/completions").then()
                .statusCode(200).header("x-router-endpoint", "cheap-a");
        long before = upstreamCalls();
        // ~100 KB of JSON in ~200 bytes: the profile's 64 KB limit must see the decoded size.
        byte[] bomb = ("{\"model\":\"m-cheap\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(100 * 1024) + "\"}]}").getBytes(StandardCharsets.UTF_8);
        notACrash(acme().header("Content-Encoding", "gzip").body(gzip(bomb)).post("/v1/chat/completions").then()
                .statusCode(413).body("error.message", containsString("exceeds")));
        assertEquals(before, upstreamCalls());
    }

    @Test
    void aBodyThatIsNotWhatItsEncodingSaysIs400InTheClientsFormatAndNoErrorLog() {
        long before = upstreamCalls();
        byte[] chat = Clients.openaiBody("m-cheap", false).getBytes(StandardCharsets.UTF_8);
        byte[] corrupt = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 'n', 'o', 't', ' ', 'g', 'z'};
        List<LogRecord> logged = CapturedLog.everything(() -> {
            notACrash(acme().header("Content-Encoding", "gzip").body(chat).post("/v1/chat/completions").then()
                    .statusCode(400).body("error.message", containsString("not valid gzip data")));
            notACrash(acme().header("Content-Encoding", "gzip").body(corrupt).post("/v1/messages").then()
                    .statusCode(400).body("type", equalTo("error"))
                    .body("error.type", equalTo("invalid_request_error")));
            notACrash(acme().header("Content-Encoding", "deflate").body(chat).post("/v2/chat").then()
                    .statusCode(400).body("message", containsString("not valid deflate data")));
        });
        assertTrue(logged.stream().noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()),
                "a caller's corrupt body is not the router's error: " + logged);
        assertEquals(before, upstreamCalls());
    }

    @Test
    void anEncodingTheRouterCannotDecodeIs415InTheClientsFormat() {
        long before = upstreamCalls();
        byte[] chat = Clients.openaiBody("m-cheap", false).getBytes(StandardCharsets.UTF_8);
        notACrash(acme().header("Content-Encoding", "compress").body(chat).post("/v1/chat/completions").then()
                .statusCode(415).body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("Content-Encoding 'compress' is not supported")));
        notACrash(acme().header("Content-Encoding", "compress").body(ANTHROPIC_BODY).post("/v1/messages").then()
                .statusCode(415).body("error.type", equalTo("invalid_request_error")));
        notACrash(acme().header("Content-Encoding", "compress").body(GEMINI_BODY)
                .post("/v1beta/models/m-cheap:generateContent").then().statusCode(415)
                .body("error.code", equalTo(415)).body("error.status", equalTo("INVALID_ARGUMENT")));
        // The key is checked first, as for every other refusal.
        given().header("Authorization", "Bearer " + UNKNOWN_KEY).header("Content-Encoding", "compress")
                .contentType("application/json").body(chat).post("/v1/chat/completions").then().statusCode(401);
        // identity is no encoding at all.
        acme().header("Content-Encoding", "identity").body(chat).post("/v1/chat/completions").then().statusCode(200);
        assertEquals(before + 1, upstreamCalls());
    }

    @Test
    void anUnknownPathIs404InTheProtocolItsPathOrHeadersSpeak() {
        long before = upstreamCalls();
        notACrash(acme().get("/v1/nothing-here").then().statusCode(404).contentType("application/json")
                .body("error.type", equalTo("invalid_request_error")).body("error.code", equalTo(null))
                .body("error.message", containsString("No route for GET /v1/nothing-here"))
                .body("error.message", containsString("POST /v1/chat/completions")));
        // An OpenAI SDK whose base URL lacks /v1 is told what it meant.
        notACrash(acme().body(Clients.openaiBody("m-cheap", false)).post("/chat/completions").then().statusCode(404)
                .body("error.message", containsString("Did you mean /v1/chat/completions?")));
        // An Anthropic SDK whose base URL ends in /v1 is told too, in Anthropic's format (its SDK's header).
        notACrash(acme().header("anthropic-version", "2023-06-01").body(ANTHROPIC_BODY).post("/v1/v1/messages")
                .then().statusCode(404).body("error.type", equalTo("not_found_error"))
                .body("error.message", containsString("Did you mean /v1/messages?")));
        notACrash(acme().header("anthropic-version", "2023-06-01").body(ANTHROPIC_BODY)
                .post("/v1/messages/batches").then().statusCode(404).body("type", equalTo("error"))
                .body("error.type", equalTo("not_found_error")));
        notACrash(given().header("x-goog-api-key", ACME_KEY).get("/v1beta/tunedModels").then().statusCode(404)
                .body("error.code", equalTo(404)).body("error.status", equalTo("NOT_FOUND")));
        notACrash(acme().body(COHERE_V2_BODY).post("/v2/rerank").then().statusCode(404)
                .body("id", notNullValue()).body("message", containsString("No route for POST /v2/rerank")));
        assertEquals(before, upstreamCalls());
    }

    @Test
    void aRouteCalledWithTheWrongMethodIs405WithAllowInItsProtocol() {
        long before = upstreamCalls();
        notACrash(acme().get("/v1/chat/completions").then().statusCode(405).header("Allow", "POST")
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", equalTo("Method GET is not allowed for /v1/chat/completions: use POST")));
        notACrash(acme().get("/v1/messages").then().statusCode(405).header("Allow", "POST")
                .body("type", equalTo("error")).body("error.type", equalTo("invalid_request_error")));
        notACrash(acme().get("/v1beta/models/m-cheap:generateContent").then().statusCode(405)
                .header("Allow", "POST").body("error.code", equalTo(405)));
        notACrash(acme().put("/v2/chat").then().statusCode(405).header("Allow", "POST")
                .body("message", containsString("Method PUT")));
        notACrash(acme().delete("/v1/chat").then().statusCode(405).header("Allow", "POST").body("id", notNullValue()));
        notACrash(acme().post("/v1/models").then().statusCode(405).header("Allow", "GET")
                .body("error.message", containsString("use GET")));
        assertEquals(before, upstreamCalls());
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            z.write(data);
        }
        return out.toByteArray();
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

    @Test
    void modelsRetrieveAnswersOneModelOfTheTenant() {
        given().header("Authorization", "Bearer " + ACME_KEY).get("/v1/models/m-cheap").then().statusCode(200)
                .body("id", equalTo("m-cheap")).body("object", equalTo("model"));
        notACrash(given().header("Authorization", "Bearer " + ACME_KEY).get("/v1/models/no-such-model").then()
                .statusCode(404).body("error.code", equalTo("model_not_found")));
        // Another tenant's model is not this tenant's.
        given().header("Authorization", "Bearer " + SINGLE_KEY).get("/v1/models/m-cheap").then().statusCode(404);
        given().get("/v1/models/m-cheap").then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
    }

    @Test
    void geminiV1PathsServeAsV1betaDoesInEveryFrontDoor() {
        given().header("x-goog-api-key", ACME_KEY).contentType("application/json").body(GEMINI_BODY)
                .post("/v1/models/m-cheap:generateContent").then().statusCode(200)
                .body("candidates[0].content.parts[0].text", notNullValue()).header("x-router-endpoint", "cheap-a");
        notACrash(acme().delete("/v1/models/m-cheap").then().statusCode(405).header("Allow", "GET, POST"));
    }

    /** Each chat route with the header its SDK sends the key in. */
    private static final String[][] CHAT_ROUTES = {
            {"/v1/chat/completions", "Authorization"}, {"/v1/messages", "x-api-key"},
            {"/v1beta/models/m-cheap:generateContent", "x-goog-api-key"},
            {"/v1/models/m-cheap:streamGenerateContent", "x-goog-api-key"}, {"/v1/chat", "Authorization"},
            {"/v2/chat", "Authorization"}};

    private static String keyValue(String header) {
        return header.equals("Authorization") ? "Bearer " + ACME_KEY : ACME_KEY;
    }

    /** The error shape of the protocol a chat route speaks. */
    private static org.hamcrest.Matcher<String> inFormatOf(String path) {
        if (path.equals("/v1/messages")) {
            return containsString("\"type\":\"error\"");
        }
        if (path.contains(":")) {
            return containsString("\"status\":\"");
        }
        if (path.equals("/v1/chat/completions")) {
            return containsString("{\"error\":{\"message\":");
        }
        return allOf(containsString("\"message\":"), containsString("\"id\":"));
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
