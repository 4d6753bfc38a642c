package io.llmrouter.service.state;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.core.breaker.CircuitBreaker;
import io.llmrouter.core.breaker.Permit;
import io.llmrouter.core.breaker.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Every operation on the shared store passes here: a timeout per operation, and a breaker of its own in front of
 * Redis. Two failures in a row (an error or a timeout) open it; while open, operations fail at once without touching
 * the network ({@link StoreUnavailable}) and one probe per {@code router.state.retry-interval} checks whether Redis
 * answers again. Without it, every call of an outage would wait for its own timeout.
 *
 * <p>An outage is logged once, as a WARN when the breaker opens, and its end once, as an INFO with its length. Every
 * failed operation, a single one under the threshold included, is counted in {@code router_state_store_operations}
 * ({@code error}, {@code timeout}) and logged at DEBUG with what failed; {@code router_state_store_up} and
 * {@code router_state_store_latency} show the rest.
 */
public final class StoreStatus {

    private static final Logger LOG = Logger.getLogger(StoreStatus.class);
    /** Failures in a row that open the store's breaker. */
    static final int THRESHOLD = 2;
    /** Longest text of a failure in the DEBUG line of a failed operation. */
    private static final int MAX_FAILURE_TEXT = 200;

    /** What is done with the store, as the operations metric tags it. */
    public enum Op {
        /** A lease of capacity taken or renewed. */
        LEASE,
        /** Concurrency slots taken or given back. */
        SLOTS,
        /** Unused capacity given back. */
        GIVEBACK,
        /** This replica's heartbeat. */
        HEARTBEAT,
        /** Breaker news sent. */
        PUBLISH,
        /** A health check's PING. */
        PING;

        final String tag = name().toLowerCase(Locale.ROOT);
    }

    /** How an operation ended, as the operations metric tags it. */
    private enum Result {
        OK, ERROR, TIMEOUT, SKIPPED;

        final String tag = name().toLowerCase(Locale.ROOT);
    }

    /** The failure of an operation the open store breaker did not let through. */
    public static final class StoreUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreUnavailable() {
            super("the shared state store is unreachable; it is retried every router.state.retry-interval", null,
                    false, false);
        }
    }

    private static final StoreUnavailable UNAVAILABLE = new StoreUnavailable();

    private final String store;
    private final Duration timeout;
    private final Duration retryInterval;
    private final CircuitBreaker breaker;
    private final Map<Op, Map<Result, Counter>> operations = new EnumMap<>(Op.class);
    private final Map<Op, Timer> latency = new EnumMap<>(Op.class);
    /** When the running outage began; null while the store answers. */
    private final AtomicReference<Instant> outageSince = new AtomicReference<>();
    private final Supplier<Instant> wallClock;
    private final Supplier<List<String>> failingClosed;

    /**
     * @param settings          the store, its timeout and retry interval
     * @param failingClosed     the tenants whose limits fail closed (as the tenants are now), named in the outage's
     *                          WARN
     * @param registry          where the metrics go
     * @param ticker            the breaker's clock
     * @param wallClock         the time an outage is said to have begun
     */
    public StoreStatus(StateSettings settings, Supplier<List<String>> failingClosed, MeterRegistry registry,
                       Ticker ticker, Supplier<Instant> wallClock) {
        this.failingClosed = failingClosed;
        this.store = settings.store().name().toLowerCase(Locale.ROOT);
        this.timeout = settings.timeout();
        this.retryInterval = settings.retryInterval();
        this.wallClock = wallClock;
        this.breaker = new CircuitBreaker(new CircuitBreakerConfig(THRESHOLD, settings.retryInterval()), ticker,
                (why, recoveryNanos) -> outageBegins());
        for (Op op : Op.values()) {
            Map<Result, Counter> byResult = new EnumMap<>(Result.class);
            for (Result r : Result.values()) {
                byResult.put(r, Counter.builder("router_state_store_operations")
                        .description("Operations on the shared state store by result (skipped: not tried, the "
                                + "store being unreachable)")
                        .tag("op", op.tag).tag("result", r.tag).register(registry));
            }
            operations.put(op, byResult);
            latency.put(op, Timer.builder("router_state_store_latency")
                    .description("Time of one operation on the shared state store, answered or not")
                    .tag("op", op.tag).publishPercentileHistogram().register(registry));
        }
        Gauge.builder("router_state_store_up", this, s -> s.up() ? 1 : 0)
                .description("1 while the shared state store answers, 0 during an outage")
                .tag("store", store).register(registry);
    }

    /**
     * Runs one operation: at once failed with {@link StoreUnavailable} while the store's breaker is open, else
     * subscribed with the timeout, its outcome counted, timed and reported to the breaker. Never blocks: the
     * operation's own callbacks run where Redis answers (an event loop).
     */
    public <T> Uni<T> run(Op op, Supplier<Uni<? extends T>> operation) {
        return Uni.createFrom().deferred(() -> {
            Permit permit = breaker.acquire();
            if (permit == Permit.DENIED) {
                operations.get(op).get(Result.SKIPPED).increment();
                return Uni.createFrom().failure(UNAVAILABLE);
            }
            long start = System.nanoTime();
            return Uni.createFrom().<T>deferred(operation).ifNoItem().after(timeout).fail()
                    .onItemOrFailure().invoke((item, failure) -> {
                        latency.get(op).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        if (failure == null) {
                            operations.get(op).get(Result.OK).increment();
                            breaker.markSuccess(permit);
                            outageEnds();
                        } else {
                            Result result = failure instanceof TimeoutException ? Result.TIMEOUT : Result.ERROR;
                            operations.get(op).get(result).increment();
                            LOG.debugf("State store (%s): %s failed (%s) after %d ms: %s", store, op.tag, result.tag,
                                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), brief(failure));
                            // The breaker's open listener logs the outage's start.
                            breaker.markFailure(permit);
                        }
                    });
        });
    }

    /** A failure's class and message, short: what the DEBUG line says about it. */
    private static String brief(Throwable failure) {
        String message = failure.getMessage();
        String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() <= MAX_FAILURE_TEXT ? text : text.substring(0, MAX_FAILURE_TEXT) + "...";
    }

    /** Whether the store answers (no outage running). */
    public boolean up() {
        return outageSince.get() == null;
    }

    /** When the running outage began, or null. */
    public Instant outageSince() {
        return outageSince.get();
    }

    /** {@code local} or {@code redis}. */
    public String store() {
        return store;
    }

    private void outageBegins() {
        Instant now = wallClock.get();
        if (outageSince.compareAndSet(null, now)) {
            List<String> failingClosed = this.failingClosed.get();
            LOG.warnf("State store (%s) unreachable since %s: limits count locally (fail-open)%s; it is tried again "
                    + "every %s", store, now, failingClosed.isEmpty() ? ""
                    : ", except for tenants failing closed, which refuse calls that need it: "
                    + String.join(", ", failingClosed), retryInterval);
        }
    }

    private void outageEnds() {
        Instant since = outageSince.get();
        if (since != null && outageSince.compareAndSet(since, null)) {
            LOG.infof("State store (%s) answers again after an outage of %s", store,
                    Duration.between(since, wallClock.get()));
        }
    }
}
