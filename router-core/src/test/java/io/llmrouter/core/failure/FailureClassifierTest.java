package io.llmrouter.core.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.failure.Outcome.Kind;
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

    private static Arguments row(String name, int status, Map<String, String> headers, ErrorFacts facts, Kind kind,
            long retryAfter) {
        return Arguments.of(name, status, headers, facts, kind, retryAfter);
    }

    static Stream<Arguments> statuses() {
        Map<String, String> none = Map.of();
        ErrorFacts nothing = ErrorFacts.NONE;
        long dflt = FailureClassifier.DEFAULT_RETRY_AFTER_MILLIS;
        return Stream.of(
                row("200", 200, none, nothing, Kind.SUCCESS, 0),
                row("500", 500, none, nothing, Kind.RETRYABLE, 0),
                row("503 x-should-retry false", 503, Map.of("x-should-retry", "false"), nothing, Kind.RETRYABLE, 0),
                row("500 whatever the body says", 500, none, ErrorFacts.badKey("billing_error"), Kind.RETRYABLE, 0),
                row("408", 408, none, nothing, Kind.RETRYABLE, 0),
                row("302", 302, none, nothing, Kind.RETRYABLE, 0),
                row("429 without a delay", 429, none, nothing, Kind.RATE_LIMITED, dflt),
                row("429 retry-after-ms", 429, Map.of("retry-after-ms", "1500"), nothing, Kind.RATE_LIMITED, 1500),
                row("429 retry-after-ms float", 429, Map.of("retry-after-ms", "250.4"), nothing, Kind.RATE_LIMITED, 251),
                row("429 retry-after-ms wins", 429, Map.of("retry-after-ms", "300", "retry-after", "9"), nothing,
                        Kind.RATE_LIMITED, 300),
                row("429 retry-after seconds", 429, Map.of("retry-after", "7"), nothing, Kind.RATE_LIMITED, 7000),
                row("429 retry-after float seconds", 429, Map.of("retry-after", "1.25"), nothing, Kind.RATE_LIMITED,
                        1250),
                row("429 retry-after http-date", 429, Map.of("retry-after", "Wed, 21 Oct 2015 07:28:30 GMT"), nothing,
                        Kind.RATE_LIMITED, 30_000),
                row("429 retry-after date in the past", 429, Map.of("retry-after", "Wed, 21 Oct 2015 07:00:00 GMT"),
                        nothing, Kind.RATE_LIMITED, 0),
                row("429 retry-after garbage", 429, Map.of("retry-after", "soon"), nothing, Kind.RATE_LIMITED, dflt),
                row("429 retry-after huge is capped", 429, Map.of("retry-after", "86400"), nothing, Kind.RATE_LIMITED,
                        FailureClassifier.MAX_RETRY_AFTER_MILLIS),
                row("429 the body's delay", 429, none, ErrorFacts.retryAfter(13_000), Kind.RATE_LIMITED, 13_000),
                row("429 a header's delay before the body's", 429, Map.of("retry-after", "2"),
                        ErrorFacts.retryAfter(13_000), Kind.RATE_LIMITED, 2000),
                row("429 the body's delay is capped too", 429, none, ErrorFacts.retryAfter(86_400_000),
                        Kind.RATE_LIMITED, FailureClassifier.MAX_RETRY_AFTER_MILLIS),
                row("429 out of money", 429, none, ErrorFacts.quotaExhausted("insufficient_quota"), Kind.BAD_KEY, 0),
                row("429 blaming the account is still a rate limit", 429, none, ErrorFacts.badKey("billing_error"),
                        Kind.RATE_LIMITED, dflt),
                row("401", 401, none, nothing, Kind.BAD_KEY, 0),
                row("402", 402, none, nothing, Kind.BAD_KEY, 0),
                row("403", 403, none, nothing, Kind.BAD_KEY, 0),
                row("498", 498, none, nothing, Kind.BAD_KEY, 0),
                row("400 blaming the account", 400, none, ErrorFacts.accountExhausted(), Kind.BAD_KEY, 0),
                row("400 out of money is not asked outside a 429", 400, none,
                        ErrorFacts.quotaExhausted("insufficient_quota"), Kind.CALLER_ERROR, 0),
                row("400", 400, none, nothing, Kind.CALLER_ERROR, 0),
                row("404", 404, none, nothing, Kind.CALLER_ERROR, 0),
                row("413", 413, none, nothing, Kind.CALLER_ERROR, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void classifiesAnswersByStatusHeadersAndWhatTheBodySays(String name, int status, Map<String, String> headers,
            ErrorFacts facts, Kind kind, long retryAfter) {
        Outcome o = classifier.classify(status, lookup(headers), facts);
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
}
