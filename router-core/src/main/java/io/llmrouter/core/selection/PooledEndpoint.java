package io.llmrouter.core.selection;

import io.llmrouter.api.Endpoint;
import io.llmrouter.core.breaker.CircuitBreaker;
import io.llmrouter.core.breaker.Ticker;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One endpoint of a pool with its live routing state: the circuit breaker and the 429 cooldown, and for an endpoint
 * that passes the caller's model through (no {@code model} configured), a breaker per upstream model as well.
 *
 * <p>Breaker scope of such an endpoint: failures that may depend on the model (5xx, timeouts, unreadable answers, a
 * stream that breaks) count against the model's breaker ({@link ModelBreakers}), so one caller's failing model does
 * not bench the endpoint for the others; failures that cannot (a bad or exhausted key, a connection refused or reset
 * before any answer, an SSRF refusal) count against the endpoint's own breaker, which benches every model. A call is
 * admitted when both admit it. An endpoint with a configured model has only its own breaker.
 */
public final class PooledEndpoint {

    private final Endpoint endpoint;
    private final CircuitBreaker breaker;
    /** Null when the endpoint names its upstream model. */
    private final ModelBreakers perModel;
    private final Ticker ticker;
    /**
     * The running 429 cooldown, null when none is: the selection path asks it for every plan, and reads the clock only
     * while one is set. An expired cooldown is cleared by the next reader that finds it so.
     */
    private final AtomicReference<CoolUntil> cooldown = new AtomicReference<>();

    public PooledEndpoint(Endpoint endpoint, Ticker ticker) {
        this(endpoint, ticker, BreakerEvents.NONE);
    }

    /**
     * @param endpoint the configured endpoint
     * @param ticker   clock of its breakers and cooldown
     * @param events   told of every open its breakers decide themselves
     */
    public PooledEndpoint(Endpoint endpoint, Ticker ticker, BreakerEvents events) {
        this.endpoint = endpoint;
        this.ticker = ticker;
        this.breaker = new CircuitBreaker(endpoint.breaker(), ticker,
                (why, recoveryNanos) -> events.opened(endpoint, null, why, recoveryNanos));
        boolean passesModelThrough = endpoint.model() == null || endpoint.model().isBlank();
        this.perModel = passesModelThrough ? new ModelBreakers(endpoint.breaker(), ticker,
                model -> (why, recoveryNanos) -> events.opened(endpoint, model, why, recoveryNanos)) : null;
    }

    /** The configured endpoint. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The endpoint's name. */
    public String name() {
        return endpoint.name();
    }

    /** The endpoint's own circuit breaker (for an endpoint passing the model through: the key's and connection's). */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Whether failures that may depend on the model count against a breaker per model (no model configured). */
    public boolean breakerPerModel() {
        return perModel != null;
    }

    /**
     * The breaker that decides, with the endpoint's own, whether a call for {@code model} may be made; null when the
     * endpoint has none for the model (a configured model, or a model that never failed).
     */
    public CircuitBreaker modelBreaker(String model) {
        return perModel == null ? null : perModel.find(model);
    }

    /**
     * The breaker a failure of a call for {@code model} counts against, when the failure may depend on the model:
     * the model's breaker, made now if need be, or the endpoint's own when it names its model.
     */
    public CircuitBreaker failureBreaker(String model) {
        return perModel == null ? breaker : perModel.charge(model);
    }

    /**
     * Opens the breaker that another replica reported open: the endpoint's own when {@code model} is null, else the
     * model's (made now if need be, within the bound of breakers per model). A model's news for an endpoint with a
     * configured model lands on its own breaker, which is the one such an endpoint has.
     *
     * @return whether a breaker changed ({@link CircuitBreaker#learnOpen})
     */
    public boolean learnOpen(String model, long remainingNanos) {
        CircuitBreaker b = model == null ? breaker : failureBreaker(model);
        return b.learnOpen(remainingNanos);
    }

    /**
     * Whether the endpoint is benched: its own breaker is open, or, for an endpoint that passes a listed set of
     * models through, each of those models' breakers is. (An endpoint serving any model always has models it would
     * admit.) For health checks.
     */
    public boolean benched() {
        if (breaker.state() == CircuitBreaker.State.OPEN) {
            return true;
        }
        if (perModel == null || endpoint.models().isEmpty()) {
            return false;
        }
        for (String model : endpoint.models()) {
            CircuitBreaker b = perModel.find(model);
            if (b == null || b.state() != CircuitBreaker.State.OPEN) {
                return false;
            }
        }
        return true;
    }

    /**
     * The models whose breaker is not closed, with their states; always empty for an endpoint with a configured
     * model. For health data and metrics: names are at most {@link ModelBreakers#MAX_NAME_LENGTH} characters, at
     * most {@link ModelBreakers#MAX_MODELS} and one overflow entry.
     */
    public Map<String, CircuitBreaker.State> modelsNotClosed() {
        return perModel == null ? Map.of() : perModel.notClosed();
    }

    /**
     * Keeps the endpoint out of plans for {@code millis} from now. Only ever extends a running cooldown: two 429s
     * racing with different delays leave the later deadline in place.
     */
    public void coolDown(long millis) {
        if (millis <= 0) {
            return;
        }
        CoolUntil until = new CoolUntil(ticker.nanos() + TimeUnit.MILLISECONDS.toNanos(millis));
        while (true) {
            CoolUntil current = cooldown.get();
            if (current != null && current.nanos - until.nanos >= 0) {
                return;
            }
            if (cooldown.compareAndSet(current, until)) {
                return;
            }
        }
    }

    /** Whether a 429 cooldown is running. */
    public boolean isCooling() {
        return cooldown.get() != null && remainingCoolNanos() > 0;
    }

    /** Milliseconds left of the cooldown (rounded up), 0 when not cooling. */
    public long remainingCoolMillis() {
        long left = remainingCoolNanos();
        return left <= 0 ? 0 : (left + 999_999) / 1_000_000;
    }

    private long remainingCoolNanos() {
        CoolUntil until = cooldown.get();
        if (until == null) {
            return 0;
        }
        long left = until.nanos - ticker.nanos();
        if (left <= 0) {
            // Only this deadline is cleared: a later one set meanwhile stays.
            cooldown.compareAndSet(until, null);
        }
        return left;
    }

    /** Ticker time until which the endpoint is rate limited; compared by difference, so wrap-around is harmless. */
    private record CoolUntil(long nanos) {
    }

    @Override
    public String toString() {
        return "PooledEndpoint[" + endpoint.name() + ", " + breaker.state() + (isCooling() ? ", cooling" : "") + "]";
    }
}
