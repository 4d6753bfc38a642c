package io.llmrouter.core.convert.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.failure.ErrorFacts;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.failure.Outcome.Kind;
import io.llmrouter.core.failure.Outcome;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What each provider's error answers mean for routing, the way a call reads them: the upstream protocol's error
 * reader parses the body once and states its facts (a bad key, a quota, a retry delay), and the classifier weighs
 * them with the status and the headers.
 */
class UpstreamErrorClassesTest {

    /** Fixed wall clock: Wed, 21 Oct 2015 07:28:00 GMT. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);
    private static final Codecs CODECS = Codecs.defaults();
    private final FailureClassifier classifier = new FailureClassifier(CLOCK);

    private static Arguments row(String name, Protocol protocol, int status, Map<String, String> headers, byte[] body,
            Kind kind, long retryAfter) {
        return Arguments.of(name, protocol, status, headers, body, kind, retryAfter);
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
                row("200", Protocol.OPENAI, 200, none, fx("openai/response_text.json"), Kind.SUCCESS, 0),
                row("204", Protocol.OPENAI, 204, none, new byte[0], Kind.SUCCESS, 0),
                row("500", Protocol.OPENAI, 500, none, json("{\"error\":{\"type\":\"server_error\"}}"), Kind.RETRYABLE, 0),
                row("502 html", Protocol.OPENAI, 502, none, json("<html>bad gateway</html>"), Kind.RETRYABLE, 0),
                row("503 gemini", Protocol.GEMINI, 503, none, fx("constructed/gemini/error_503_unavailable.json"), Kind.RETRYABLE, 0),
                row("504", Protocol.OPENAI, 504, none, null, Kind.RETRYABLE, 0),
                row("529 anthropic", Protocol.ANTHROPIC, 529, none, fx("observed/anthropic_error_529_overloaded.json"), Kind.RETRYABLE, 0),
                row("503 x-should-retry false", Protocol.OPENAI, 503, Map.of("x-should-retry", "false"), null, Kind.RETRYABLE, 0),
                row("408", Protocol.OPENAI, 408, none, null, Kind.RETRYABLE, 0),
                row("429 anthropic, no delay header", Protocol.ANTHROPIC, 429, headersOf("anthropic/error_429_rate_limit.headers.json"),
                        fx("anthropic/error_429_rate_limit.json"), Kind.RATE_LIMITED, dflt),
                row("429 openai rate limit", Protocol.OPENAI, 429, none, fx("constructed/openai/error_429_rate_limit.json"),
                        Kind.RATE_LIMITED, dflt),
                row("429 retry-after-ms", Protocol.OPENAI, 429, Map.of("retry-after-ms", "1500"), null, Kind.RATE_LIMITED, 1500),
                row("429 retry-after-ms float", Protocol.OPENAI, 429, Map.of("retry-after-ms", "250.4"), null, Kind.RATE_LIMITED, 251),
                row("429 retry-after-ms wins", Protocol.OPENAI, 429, Map.of("retry-after-ms", "300", "retry-after", "9"), null,
                        Kind.RATE_LIMITED, 300),
                row("429 retry-after seconds", Protocol.OPENAI, 429, Map.of("retry-after", "7"), null, Kind.RATE_LIMITED, 7000),
                row("429 retry-after float seconds", Protocol.OPENAI, 429, Map.of("retry-after", "1.25"), null, Kind.RATE_LIMITED,
                        1250),
                row("429 retry-after http-date", Protocol.OPENAI, 429, Map.of("retry-after", "Wed, 21 Oct 2015 07:28:30 GMT"), null,
                        Kind.RATE_LIMITED, 30_000),
                row("429 retry-after date in the past", Protocol.OPENAI, 429, Map.of("retry-after", "Wed, 21 Oct 2015 07:00:00 GMT"),
                        null, Kind.RATE_LIMITED, 0),
                row("429 retry-after garbage", Protocol.OPENAI, 429, Map.of("retry-after", "soon"), null, Kind.RATE_LIMITED, dflt),
                row("429 retry-after huge is capped", Protocol.OPENAI, 429, Map.of("retry-after", "86400"), null, Kind.RATE_LIMITED,
                        FailureClassifier.MAX_RETRY_AFTER_MILLIS),
                row("429 gemini per-minute quota", Protocol.GEMINI, 429, none, fx("gemini/error_429_resource_exhausted.json"),
                        Kind.RATE_LIMITED, dflt),
                row("429 gemini RetryInfo", Protocol.GEMINI, 429, none, json("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\","
                        + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"13s\"}]}}"),
                        Kind.RATE_LIMITED, 13_000),
                row("429 cohere per-minute", Protocol.COHERE_V2, 429, none, fx("constructed/cohere/error_429_rate_limit.json"),
                        Kind.RATE_LIMITED, dflt),
                row("429 cohere trial per-minute", Protocol.COHERE_V2, 429, none,
                        json("{\"id\":\"x\",\"message\":\"You are using a Trial key, which is limited to 20 API calls / minute.\"}"),
                        Kind.RATE_LIMITED, dflt),
                row("429 cohere trial monthly cap", Protocol.COHERE, 429, none, fx("observed/cohere_error_429_trial_key.json"),
                        Kind.BAD_KEY, 0),
                row("429 openai insufficient_quota", Protocol.OPENAI, 429, none, json("{\"error\":{\"message\":\"You exceeded your current"
                        + " quota\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}"),
                        Kind.BAD_KEY, 0),
                row("429 zhipu 1113 arrears", Protocol.OPENAI, 429, none, json("{\"error\":{\"code\":\"1113\",\"message\":\"余额不足\"}}"),
                        Kind.BAD_KEY, 0),
                row("429 zhipu 1302 rate limit", Protocol.OPENAI, 429, none, json("{\"error\":{\"code\":\"1302\",\"message\":\"并发数过高\"}}"),
                        Kind.RATE_LIMITED, dflt),
                row("401 openai", Protocol.OPENAI, 401, none, fx("constructed/openai/error_401_invalid_api_key.json"), Kind.BAD_KEY, 0),
                row("401 anthropic", Protocol.ANTHROPIC, 401, none, fx("constructed/anthropic/error_401_authentication.json"), Kind.BAD_KEY, 0),
                row("401 cohere", Protocol.COHERE_V2, 401, none, fx("constructed/cohere/error_401_invalid_token.json"), Kind.BAD_KEY, 0),
                row("403", Protocol.OPENAI, 403, none, null, Kind.BAD_KEY, 0),
                row("402 payment required", Protocol.OPENAI, 402, none, null, Kind.BAD_KEY, 0),
                row("400 gemini API_KEY_INVALID", Protocol.GEMINI, 400, none, fx("gemini/error_400_api_key_invalid.json"), Kind.BAD_KEY, 0),
                row("400 anthropic credit balance too low", Protocol.ANTHROPIC, 400, none, json("{\"type\":\"error\",\"error\":{"
                        + "\"type\":\"invalid_request_error\",\"message\":\"Your credit balance is too low to access the "
                        + "Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.\"}}"), Kind.BAD_KEY, 0),
                row("400 anthropic spend limit", Protocol.ANTHROPIC, 400, none, json("{\"type\":\"error\",\"error\":{\"type\":"
                        + "\"invalid_request_error\",\"message\":\"You have reached your specified API usage limits. "
                        + "You will regain access on 2026-12-01.\"}}"), Kind.BAD_KEY, 0),
                row("400 openai billing_not_active", Protocol.OPENAI, 400, none, json("{\"error\":{\"message\":\"Your account is not "
                        + "active\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"billing_not_active\"}}"),
                        Kind.BAD_KEY, 0),
                row("400 anthropic billing_error", Protocol.ANTHROPIC, 400, none,
                        json("{\"type\":\"error\",\"error\":{\"type\":\"billing_error\",\"message\":\"credit\"}}"),
                        Kind.BAD_KEY, 0),
                row("400 anthropic invalid request", Protocol.ANTHROPIC, 400, headersOf("anthropic/error_400_invalid_request.headers.json"),
                        fx("anthropic/error_400_invalid_request.json"), Kind.CALLER_ERROR, 0),
                row("400 gemini v1 unknown field", Protocol.GEMINI, 400, none,
                        fx("observed/gemini_v1_error_400_unknown_systemInstruction.json"), Kind.CALLER_ERROR, 0),
                row("400 mistral", Protocol.OPENAI, 400, none, fx("observed/mistral_error_400_tool_call_id_2026.json"), Kind.CALLER_ERROR, 0),
                row("404 gemini model", Protocol.GEMINI, 404, none, fx("gemini/error_404_model_not_found.json"), Kind.CALLER_ERROR, 0),
                row("413", Protocol.OPENAI, 413, none, null, Kind.CALLER_ERROR, 0),
                row("422", Protocol.OPENAI, 422, none, json("not json at all"), Kind.CALLER_ERROR, 0),
                row("409", Protocol.OPENAI, 409, none, null, Kind.CALLER_ERROR, 0),
                row("302", Protocol.OPENAI, 302, none, null, Kind.RETRYABLE, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void classifiesAnswers(String name, Protocol protocol, int status, Map<String, String> headers, byte[] body,
            Kind kind, long retryAfter) {
        ErrorFacts facts = status / 100 == 2 ? ErrorFacts.NONE : CODECS.of(protocol).decodeError(status, body).facts();
        Outcome o = classifier.classify(status, lookup(headers), facts);
        assertEquals(kind, o.kind(), name + ": " + o);
        assertEquals(retryAfter, o.retryAfterMillis(), name);
    }

    private static Function<String, String> lookup(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return name -> lower.get(name.toLowerCase(Locale.ROOT));
    }

    private static Map<String, String> headersOf(String fixture) {
        try {
            Map<String, String> m = new HashMap<>();
            Json.MAPPER.readTree(Fixtures.bytes(fixture)).properties()
                    .forEach(e -> m.put(e.getKey(), e.getValue().asText()));
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
