package io.llmrouter.core.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.json.Json;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.net.impl.ConnectionBase;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Decides what an upstream answer or transport error means for routing (docs/routing.md#failure-classes).
 *
 * <ul>
 *   <li>2xx → success.</li>
 *   <li>Connect errors, timeouts, 408, 5xx, and unexpected 1xx/3xx (incl. Anthropic's 529) → retryable, counts for the
 * breaker.       {@code x-should-retry: false} on a 5xx does not change that: the header tells an SDK not to resend the
 *       same request to the same server, while the router fails over to a different endpoint, and the 5xx is still
 *       evidence against this one.</li>
 *   <li>429 → rate limited, cooling the endpoint for {@code retry-after-ms} / {@code Retry-After} / Gemini
 *       {@code RetryInfo}, else {@link #DEFAULT_RETRY_AFTER_MILLIS}; capped at {@link #MAX_RETRY_AFTER_MILLIS}.
 *       A 429 that means "out of money" cannot be waited out and is a bad key instead: OpenAI
 *       {@code insufficient_quota}, Zhipu business code {@code 1113}, Cohere's monthly trial-key cap.</li>
 *   <li>401, 402, 403, Cohere's 498, Gemini's 400 {@code API_KEY_INVALID}, Anthropic {@code billing_error}, a 4xx
 * saying the account is out of credit or over its spend limit → bad key.</li>   <li>Other 4xx → the caller's
 * error.</li>
 * </ul>
 *
 * Reasons never quote upstream messages, which may echo parts of the key, nor name exception classes: they are
 * failure classes a caller may be told.
 */
public final class FailureClassifier {

    /** Cooldown for a 429 without a usable delay: one second, the scale of per-second and per-minute windows. */
    public static final long DEFAULT_RETRY_AFTER_MILLIS = 1_000;
    /** Longest cooldown honoured, so a garbage or huge header cannot bench an endpoint for hours. */
    public static final long MAX_RETRY_AFTER_MILLIS = 10 * 60 * 1_000;

    /** Cohere's per-month trial cap ("limited to 1000 API calls / month") vs its per-minute limits. */
    private static final Pattern MONTHLY = Pattern.compile("\\bmonth(ly)?\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SECONDS = Pattern.compile("(\\d+(?:\\.\\d+)?)s");
    private static final int MAX_CAUSE_DEPTH = 16;

    private final Clock clock;

    public FailureClassifier() {
        this(Clock.systemUTC());
    }

    /** @param clock wall clock for {@code Retry-After} HTTP-dates */
    public FailureClassifier(Clock clock) {
        this.clock = clock;
    }

    /**
     * Classifies an upstream HTTP answer.
     *
     * @param status HTTP status
     * @param header case-insensitive header lookup (lower-case names are passed), returning null when absent
     * @param body   response body, possibly empty or not JSON
     */
    public Outcome classify(int status, Function<String, String> header, byte[] body) {
        if (status >= 200 && status < 300) {
            return Outcome.success("status " + status);
        }
        if (status == 429) {
            return tooManyRequests(header, parse(body));
        }
        if (status == 401 || status == 402 || status == 403 || status == 498) {
            return Outcome.badKey("status " + status);
        }
        if (status == 408 || status >= 500 || status < 400) {
            return Outcome.retryable("status " + status);
        }
        JsonNode json = parse(body);
        if (status == 400 && hasGeminiReason(json, "API_KEY_INVALID")) {
            return Outcome.badKey("API_KEY_INVALID");
        }
        if ("billing_error".equals(text(json.path("error").path("type")))) {
            return Outcome.badKey("billing_error");
        }
        if (accountExhausted(json)) {
            return Outcome.badKey("account out of credit or over its spend limit");
        }
        return Outcome.callerError("status " + status);
    }

    /**
     * Classifies a transport failure (the request got no HTTP answer) by the types in its cause chain, into a
     * failure class the caller may be told ({@code connection refused}, {@code timeout}, ...), never a class name:
     *
     * <ul>
     *   <li>connect failures: {@code connect timeout}, {@code connection refused}, {@code unknown host},
     *       {@code no route to host} → {@link Outcome.Kind#UNREACHABLE};</li>
     *   <li>any timeout ({@link Timeouts}) → {@code timeout}, retryable (waiting again on the same endpoint would
     *       only double the wait);</li>
     *   <li>TLS failures → {@code tls error}, retryable;</li>
     *   <li>a reset or a closed connection, and other I/O failures → {@code connection reset} /
     *       {@code connection closed}, {@link Outcome.Kind#UNREACHABLE};</li>
     *   <li>anything else → {@code transport error}, retryable: failing over gives the caller a chance, and a bad
     *       endpoint gets benched.</li>
     * </ul>
     */
    public Outcome classify(Throwable error) {
        UpstreamFault fault = UpstreamFault.in(error);
        if (fault != null) {
            // Under whatever the transport wrapped it in (a reset's StreamResetException): the router's own verdict.
            return Outcome.retryable(fault.kind().reason());
        }
        List<Throwable> chain = causes(error);
        for (Throwable t : chain) {
            if (t instanceof RouterException re) {
                int status = re.error().status();
                return status >= 400 && status < 500 && status != 408 && status != 429
                        ? Outcome.callerError("status " + status) : Outcome.retryable("status " + status);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ConnectTimeoutException) {
                return Outcome.unreachable("connect timeout");
            }
            if (t instanceof ConnectException) {
                return Outcome.unreachable("connection refused");
            }
            if (t instanceof UnknownHostException) {
                return Outcome.unreachable("unknown host");
            }
            if (t instanceof NoRouteToHostException) {
                return Outcome.unreachable("no route to host");
            }
        }
        if (Timeouts.isTimeout(error)) {
            return Outcome.retryable("timeout");
        }
        if (any(chain, SSLException.class)) {
            return Outcome.retryable("tls error");
        }
        if (any(chain, StreamResetException.class) || any(chain, SocketException.class)) {
            return Outcome.unreachable("connection reset");
        }
        // Vert.x fails a write on a closed connection with one shared, bare VertxException.
        if (any(chain, HttpClosedException.class) || any(chain, IOException.class)
                || chain.contains(ConnectionBase.CLOSED_EXCEPTION)) {
            return Outcome.unreachable("connection closed");
        }
        return Outcome.retryable("transport error");
    }

    /** The failure and its causes, outermost first, at most {@value #MAX_CAUSE_DEPTH}. */
    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>(4);
        for (Throwable t = error; t != null && chain.size() < MAX_CAUSE_DEPTH; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static boolean any(List<Throwable> chain, Class<? extends Throwable> type) {
        for (Throwable t : chain) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Classifies an error event an upstream sent in place of its stream's first event, by its class: as the HTTP
     * status of that class would be.
     */
    public Outcome classify(ApiError streamError) {
        return switch (streamError.kind()) {
            case RATE_LIMITED -> Outcome.rateLimited(DEFAULT_RETRY_AFTER_MILLIS, "stream error: rate limited");
            case AUTHENTICATION, PERMISSION, QUOTA_EXHAUSTED -> Outcome.badKey("stream error: "
                    + streamError.kind().name().toLowerCase(Locale.ROOT));
            case INVALID_REQUEST, NOT_FOUND, REQUEST_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, UNPROCESSABLE ->
                    Outcome.callerError("stream error: " + streamError.kind().name().toLowerCase(Locale.ROOT));
            default -> Outcome.retryable("stream error: " + streamError.kind().name().toLowerCase(Locale.ROOT));
        };
    }

    private Outcome tooManyRequests(Function<String, String> header, JsonNode json) {
        JsonNode err = json.path("error");
        if ("insufficient_quota".equals(text(err.path("code"))) || "insufficient_quota".equals(text(err.path("type")))) {
            return Outcome.badKey("insufficient_quota");
        }
        if ("1113".equals(text(err.path("code")))) {
            return Outcome.badKey("zhipu 1113 arrears");
        }
        String message = text(json.path("message"));
        if (message != null && MONTHLY.matcher(message).find()) {
            return Outcome.badKey("monthly quota");
        }
        long delay = RetryAfter.millis(header, clock);
        if (delay < 0) {
            delay = geminiRetryDelay(err);
        }
        if (delay < 0) {
            delay = DEFAULT_RETRY_AFTER_MILLIS;
        }
        return Outcome.rateLimited(Math.min(delay, MAX_RETRY_AFTER_MILLIS), "status 429");
    }

    /** Gemini may put {@code {"@type": "...RetryInfo", "retryDelay": "13s"}} in {@code error.details}. */
    private static long geminiRetryDelay(JsonNode err) {
        for (JsonNode d : err.path("details")) {
            String type = text(d.path("@type"));
            String delay = text(d.path("retryDelay"));
            if (type != null && type.endsWith("RetryInfo") && delay != null) {
                Matcher m = SECONDS.matcher(delay.trim());
                if (m.matches()) {
                    return (long) Math.ceil(Double.parseDouble(m.group(1)) * 1000);
                }
            }
        }
        return -1;
    }

    /**
     * A 4xx that blames the account, not the request: Anthropic answers an empty credit balance or a reached spend
     * limit with 400 {@code invalid_request_error} ("Your credit balance is too low…", "You have reached your specified
     * API usage limits…"), OpenAI uses codes {@code billing_hard_limit_reached} / {@code billing_not_active}. The
     * same request would succeed on another endpoint, so these fail over like a bad key instead of reaching the caller.
     */
    private static boolean accountExhausted(JsonNode json) {
        JsonNode error = json.path("error");
        String code = text(error.path("code"));
        if ("billing_hard_limit_reached".equals(code) || "billing_not_active".equals(code)) {
            return true;
        }
        String message = text(error.path("message"));
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("credit balance is too low") || m.contains("reached your specified api usage limits")
                || m.contains("reached your specified workspace api usage limits");
    }

    private static boolean hasGeminiReason(JsonNode json, String reason) {
        for (JsonNode d : json.path("error").path("details")) {
            if (reason.equals(text(d.path("reason")))) {
                return true;
            }
        }
        return false;
    }

    /** The body as a JSON tree, or a missing node when it is empty or not JSON. */
    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = Json.tree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** Text of a string or number node, else null. */
    private static String text(JsonNode node) {
        return node.isTextual() || node.isNumber() ? node.asText() : null;
    }
}
