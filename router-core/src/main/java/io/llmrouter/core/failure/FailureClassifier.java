package io.llmrouter.core.failure;

import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.RouterException;
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
import javax.net.ssl.SSLException;

/**
 * Decides what an upstream answer or transport error means for routing (docs/routing.md#failure-classes). What a
 * provider's error body says is read by that protocol's error reader ({@link ErrorFacts}); this class weighs it with
 * the status and headers, and parses no body.
 *
 * <ul>
 *   <li>2xx → success.</li>
 *   <li>Connect errors, timeouts, 408, 5xx, and unexpected 1xx/3xx (incl. Anthropic's 529) → retryable, counts for
 *       the breaker. {@code x-should-retry: false} on a 5xx does not change that: the header tells an SDK not to
 *       resend the same request to the same server, while the router fails over to a different endpoint, and the 5xx
 *       is still evidence against this one.</li>
 *   <li>429 → rate limited, cooling the endpoint for {@code retry-after-ms} / {@code Retry-After} / Gemini
 *       {@code RetryInfo} ({@link ErrorFacts#retryDelayMillis()}), else {@link #DEFAULT_RETRY_AFTER_MILLIS}; capped
 *       at {@link #MAX_RETRY_AFTER_MILLIS}. A 429 that means "out of money" ({@link ErrorFacts#quotaExhausted()}:
 *       OpenAI {@code insufficient_quota}, Zhipu business code {@code 1113}, Cohere's monthly trial-key cap) cannot
 *       be waited out and is a bad key instead.</li>
 *   <li>401, 402, 403, Cohere's 498, and a 4xx whose body blames the key or the account
 *       ({@link ErrorFacts#badKey()}: Gemini's 400 {@code API_KEY_INVALID}, Anthropic {@code billing_error}, an
 *       account out of credit or over its spend limit) → bad key.</li>
 *   <li>Other 4xx → the caller's error.</li>
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
     * Classifies an upstream HTTP answer by its status, its headers and what its body says ({@link ErrorFacts}, read
     * by the upstream protocol's error reader; {@link ErrorFacts#NONE} for a success or a body that says nothing).
     *
     * @param status HTTP status
     * @param header case-insensitive header lookup (lower-case names are passed), returning null when absent
     * @param facts  what the body says beyond the status
     */
    public Outcome classify(int status, Function<String, String> header, ErrorFacts facts) {
        if (status >= 200 && status < 300) {
            return Outcome.success("status " + status);
        }
        if (status == 429) {
            return tooManyRequests(header, facts);
        }
        if (status == 401 || status == 402 || status == 403 || status == 498) {
            return Outcome.badKey("status " + status);
        }
        if (status == 408 || status >= 500 || status < 400) {
            return Outcome.retryable("status " + status);
        }
        if (facts.badKey() != null) {
            return Outcome.badKey(facts.badKey());
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

    private Outcome tooManyRequests(Function<String, String> header, ErrorFacts facts) {
        if (facts.quotaExhausted() != null) {
            return Outcome.badKey(facts.quotaExhausted());
        }
        long delay = RetryAfter.millis(header, clock);
        if (delay < 0) {
            delay = facts.retryDelayMillis();
        }
        if (delay < 0) {
            delay = DEFAULT_RETRY_AFTER_MILLIS;
        }
        return Outcome.rateLimited(Math.min(delay, MAX_RETRY_AFTER_MILLIS), "status 429");
    }
}
