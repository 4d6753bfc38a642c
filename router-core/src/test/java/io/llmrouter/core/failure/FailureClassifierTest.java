package io.llmrouter.core.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.failure.Outcome.Kind;
import io.llmrouter.core.testing.Fixtures;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.core.net.impl.ConnectionBase;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailureClassifierTest {

    /** Fixed wall clock: Wed, 21 Oct 2015 07:28:00 GMT. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);
    private final FailureClassifier classifier = new FailureClassifier(CLOCK);

    private static Arguments row(String name, int status, Map<String, String> headers, byte[] body, Kind kind,
            long retryAfter) {
        return Arguments.of(name, status, headers, body, kind, retryAfter);
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] fx(String path) {
        return Fixtures.bytes(path);
    }

    static Stream<Arguments> statuses() {
        Map<String, String> none = Map.of();
        long dflt = FailureClassifier.DEFAULT_RETRY_AFTER_MILLIS;
        return Stream.of(
                row("200", 200, none, fx("openai/response_text.json"), Kind.SUCCESS, 0),
                row("204", 204, none, new byte[0], Kind.SUCCESS, 0),
                row("500", 500, none, json("{\"error\":{\"type\":\"server_error\"}}"), Kind.RETRYABLE, 0),
                row("502 html", 502, none, json("<html>bad gateway</html>"), Kind.RETRYABLE, 0),
                row("503 gemini", 503, none, fx("constructed/gemini/error_503_unavailable.json"), Kind.RETRYABLE, 0),
                row("504", 504, none, null, Kind.RETRYABLE, 0),
                row("529 anthropic", 529, none, fx("observed/anthropic_error_529_overloaded.json"), Kind.RETRYABLE, 0),
                row("503 x-should-retry false", 503, Map.of("x-should-retry", "false"), null, Kind.RETRYABLE, 0),
                row("408", 408, none, null, Kind.RETRYABLE, 0),
                row("429 anthropic, no delay header", 429, headersOf("anthropic/error_429_rate_limit.headers.json"),
                        fx("anthropic/error_429_rate_limit.json"), Kind.RATE_LIMITED, dflt),
                row("429 openai rate limit", 429, none, fx("constructed/openai/error_429_rate_limit.json"),
                        Kind.RATE_LIMITED, dflt),
                row("429 retry-after-ms", 429, Map.of("retry-after-ms", "1500"), null, Kind.RATE_LIMITED, 1500),
                row("429 retry-after-ms float", 429, Map.of("retry-after-ms", "250.4"), null, Kind.RATE_LIMITED, 251),
                row("429 retry-after-ms wins", 429, Map.of("retry-after-ms", "300", "retry-after", "9"), null,
                        Kind.RATE_LIMITED, 300),
                row("429 retry-after seconds", 429, Map.of("retry-after", "7"), null, Kind.RATE_LIMITED, 7000),
                row("429 retry-after float seconds", 429, Map.of("retry-after", "1.25"), null, Kind.RATE_LIMITED,
                        1250),
                row("429 retry-after http-date", 429, Map.of("retry-after", "Wed, 21 Oct 2015 07:28:30 GMT"), null,
                        Kind.RATE_LIMITED, 30_000),
                row("429 retry-after date in the past", 429, Map.of("retry-after", "Wed, 21 Oct 2015 07:00:00 GMT"),
                        null, Kind.RATE_LIMITED, 0),
                row("429 retry-after garbage", 429, Map.of("retry-after", "soon"), null, Kind.RATE_LIMITED, dflt),
                row("429 retry-after huge is capped", 429, Map.of("retry-after", "86400"), null, Kind.RATE_LIMITED,
                        FailureClassifier.MAX_RETRY_AFTER_MILLIS),
                row("429 gemini per-minute quota", 429, none, fx("gemini/error_429_resource_exhausted.json"),
                        Kind.RATE_LIMITED, dflt),
                row("429 gemini RetryInfo", 429, none, json("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\","
                        + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"13s\"}]}}"),
                        Kind.RATE_LIMITED, 13_000),
                row("429 cohere per-minute", 429, none, fx("constructed/cohere/error_429_rate_limit.json"),
                        Kind.RATE_LIMITED, dflt),
                row("429 cohere trial per-minute", 429, none,
                        json("{\"id\":\"x\",\"message\":\"You are using a Trial key, which is limited to 20 API calls / minute.\"}"),
                        Kind.RATE_LIMITED, dflt),
                row("429 cohere trial monthly cap", 429, none, fx("observed/cohere_error_429_trial_key.json"),
                        Kind.BAD_KEY, 0),
                row("429 openai insufficient_quota", 429, none, json("{\"error\":{\"message\":\"You exceeded your current"
                        + " quota\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}"),
                        Kind.BAD_KEY, 0),
                row("429 zhipu 1113 arrears", 429, none, json("{\"error\":{\"code\":\"1113\",\"message\":\"余额不足\"}}"),
                        Kind.BAD_KEY, 0),
                row("429 zhipu 1302 rate limit", 429, none, json("{\"error\":{\"code\":\"1302\",\"message\":\"并发数过高\"}}"),
                        Kind.RATE_LIMITED, dflt),
                row("401 openai", 401, none, fx("constructed/openai/error_401_invalid_api_key.json"), Kind.BAD_KEY, 0),
                row("401 anthropic", 401, none, fx("constructed/anthropic/error_401_authentication.json"), Kind.BAD_KEY, 0),
                row("401 cohere", 401, none, fx("constructed/cohere/error_401_invalid_token.json"), Kind.BAD_KEY, 0),
                row("403", 403, none, null, Kind.BAD_KEY, 0),
                row("402 payment required", 402, none, null, Kind.BAD_KEY, 0),
                row("400 gemini API_KEY_INVALID", 400, none, fx("gemini/error_400_api_key_invalid.json"), Kind.BAD_KEY, 0),
                row("400 anthropic credit balance too low", 400, none, json("{\"type\":\"error\",\"error\":{"
                        + "\"type\":\"invalid_request_error\",\"message\":\"Your credit balance is too low to access the "
                        + "Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.\"}}"), Kind.BAD_KEY, 0),
                row("400 anthropic spend limit", 400, none, json("{\"type\":\"error\",\"error\":{\"type\":"
                        + "\"invalid_request_error\",\"message\":\"You have reached your specified API usage limits. "
                        + "You will regain access on 2026-12-01.\"}}"), Kind.BAD_KEY, 0),
                row("400 openai billing_not_active", 400, none, json("{\"error\":{\"message\":\"Your account is not "
                        + "active\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"billing_not_active\"}}"),
                        Kind.BAD_KEY, 0),
                row("400 anthropic billing_error", 400, none,
                        json("{\"type\":\"error\",\"error\":{\"type\":\"billing_error\",\"message\":\"credit\"}}"),
                        Kind.BAD_KEY, 0),
                row("400 anthropic invalid request", 400, headersOf("anthropic/error_400_invalid_request.headers.json"),
                        fx("anthropic/error_400_invalid_request.json"), Kind.CALLER_ERROR, 0),
                row("400 gemini v1 unknown field", 400, none,
                        fx("observed/gemini_v1_error_400_unknown_systemInstruction.json"), Kind.CALLER_ERROR, 0),
                row("400 mistral", 400, none, fx("observed/mistral_error_400_tool_call_id_2026.json"), Kind.CALLER_ERROR, 0),
                row("404 gemini model", 404, none, fx("gemini/error_404_model_not_found.json"), Kind.CALLER_ERROR, 0),
                row("413", 413, none, null, Kind.CALLER_ERROR, 0),
                row("422", 422, none, json("not json at all"), Kind.CALLER_ERROR, 0),
                row("409", 409, none, null, Kind.CALLER_ERROR, 0),
                row("302", 302, none, null, Kind.RETRYABLE, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void classifiesAnswers(String name, int status, Map<String, String> headers, byte[] body, Kind kind,
            long retryAfter) {
        Outcome o = classifier.classify(status, lookup(headers), body);
        assertEquals(kind, o.kind(), name + ": " + o);
        assertEquals(retryAfter, o.retryAfterMillis(), name);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(new ConnectException("Connection refused"), Kind.UNREACHABLE, "connection refused"),
                Arguments.of(new CompletionException(new ConnectException("refused")), Kind.UNREACHABLE,
                        "connection refused"),
                Arguments.of(new ConnectTimeoutException("connection timed out: /10.0.0.1:443"), Kind.UNREACHABLE,
                        "connect timeout"),
                Arguments.of(new UnknownHostException("nowhere.invalid"), Kind.UNREACHABLE, "unknown host"),
                Arguments.of(new NoRouteToHostException("no route"), Kind.UNREACHABLE, "no route to host"),
                Arguments.of(new SocketTimeoutException("read timed out"), Kind.RETRYABLE, "timeout"),
                Arguments.of(new HttpTimeoutException("request timed out"), Kind.RETRYABLE, "timeout"),
                Arguments.of(new TimeoutException(), Kind.RETRYABLE, "timeout"),
                Arguments.of(new NoStackTraceTimeoutException("vert.x timeout"), Kind.RETRYABLE, "timeout"),
                // How the Vert.x transport's first-byte and idle timeouts reach the router: the request is reset
                // with the timeout as the cause.
                Arguments.of(new StreamResetException(0, new TimeoutException("no response headers")),
                        Kind.RETRYABLE, "timeout"),
                Arguments.of(new IllegalStateException(new StreamResetException(0, new TimeoutException())),
                        Kind.RETRYABLE, "timeout"),
                Arguments.of(new StreamResetException(0), Kind.UNREACHABLE, "connection reset"),
                Arguments.of(new SocketException("Connection reset"), Kind.UNREACHABLE, "connection reset"),
                Arguments.of(new HttpClosedException("Connection was closed"), Kind.UNREACHABLE, "connection closed"),
                Arguments.of(ConnectionBase.CLOSED_EXCEPTION, Kind.UNREACHABLE, "connection closed"),
                // How the Quarkus REST client reports a connection closed under a request.
                Arguments.of(new IllegalStateException(new IOException("Connection was closed")), Kind.UNREACHABLE,
                        "connection closed"),
                Arguments.of(new SSLHandshakeException("PKIX path building failed"), Kind.RETRYABLE, "tls error"),
                Arguments.of(new IllegalStateException("Connection was closed"), Kind.RETRYABLE, "transport error"),
                // Named like a timeout, not one: types decide, not class names.
                Arguments.of(new TimeoutSettingsRejected(), Kind.RETRYABLE, "transport error"),
                Arguments.of(RouterException.invalidRequest("bad"), Kind.CALLER_ERROR, "status 400"),
                // The router's own verdict on an answer, under the reset that carried it.
                Arguments.of(new StreamResetException(0, new UpstreamFault(UpstreamFault.Kind.TOO_LONG, "4 s")),
                        Kind.RETRYABLE, "timeout: response over max-response-duration"),
                Arguments.of(new UpstreamFault(UpstreamFault.Kind.EVENT_TOO_LARGE, "16 MiB"), Kind.RETRYABLE,
                        "event over max-event-size"));
    }

    static Stream<Arguments> streamErrors() {
        return Stream.of(
                Arguments.of(ErrorKind.UNAVAILABLE, Kind.RETRYABLE),
                Arguments.of(ErrorKind.INTERNAL, Kind.RETRYABLE),
                Arguments.of(ErrorKind.TIMEOUT, Kind.RETRYABLE),
                Arguments.of(ErrorKind.RATE_LIMITED, Kind.RATE_LIMITED),
                Arguments.of(ErrorKind.AUTHENTICATION, Kind.BAD_KEY),
                Arguments.of(ErrorKind.QUOTA_EXHAUSTED, Kind.BAD_KEY),
                Arguments.of(ErrorKind.INVALID_REQUEST, Kind.CALLER_ERROR),
                Arguments.of(ErrorKind.REQUEST_TOO_LARGE, Kind.CALLER_ERROR));
    }

    /** An error event in place of a stream's first event, by its class, as its status would be. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("streamErrors")
    void classifiesAnErrorEventThatOpensAStream(ErrorKind error, Kind kind) {
        Outcome o = classifier.classify(ApiError.of(error, "from the stream"));
        assertEquals(kind, o.kind(), o.toString());
        assertEquals(kind == Kind.RATE_LIMITED ? FailureClassifier.DEFAULT_RETRY_AFTER_MILLIS : 0,
                o.retryAfterMillis());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void classifiesTransportErrors(Throwable error, Kind kind, String reason) {
        Outcome o = classifier.classify(error);
        assertEquals(kind, o.kind(), o.toString());
        assertEquals(reason, o.reason());
    }

    /** A failure whose class name says "Timeout" but which is none. */
    static final class TimeoutSettingsRejected extends RuntimeException {
    }

    private static Function<String, String> lookup(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return name -> lower.get(name.toLowerCase(Locale.ROOT));
    }

    private static Map<String, String> headersOf(String fixture) {
        try {
            Map<String, String> m = new HashMap<>();
            io.llmrouter.core.json.Json.MAPPER.readTree(Fixtures.bytes(fixture)).properties()
                    .forEach(e -> m.put(e.getKey(), e.getValue().asText()));
            return m;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
