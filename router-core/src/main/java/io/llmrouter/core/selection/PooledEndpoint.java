package io.llmrouter.core.selection;

import io.llmrouter.api.Endpoint;
import io.llmrouter.core.breaker.CircuitBreaker;
import io.llmrouter.core.breaker.Ticker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** One endpoint of a pool with its live routing state: the circuit breaker and the 429 cooldown. */
public final class PooledEndpoint {

    private final Endpoint endpoint;
    private final CircuitBreaker breaker;
    private final Ticker ticker;
    /** Ticker time until which the endpoint is rate limited; compared by difference, so wrap-around is harmless. */
    private final AtomicLong coolUntilNanos;

    public PooledEndpoint(Endpoint endpoint, Ticker ticker) {
        this.endpoint = endpoint;
        this.ticker = ticker;
        this.breaker = new CircuitBreaker(endpoint.breaker(), ticker);
        this.coolUntilNanos = new AtomicLong(ticker.nanos());
    }

    /** The configured endpoint. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The endpoint's name. */
    public String name() {
        return endpoint.name();
    }

    /** The endpoint's circuit breaker. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * Keeps the endpoint out of plans for {@code millis} from now. Only ever extends a running cooldown: two 429s
     * racing with different delays leave the later deadline in place.
     */
    public void coolDown(long millis) {
        if (millis <= 0) {
            return;
        }
        long until = ticker.nanos() + TimeUnit.MILLISECONDS.toNanos(millis);
        coolUntilNanos.accumulateAndGet(until, (current, next) -> next - current > 0 ? next : current);
    }

    /** Whether a 429 cooldown is running. */
    public boolean isCooling() {
        return coolUntilNanos.get() - ticker.nanos() > 0;
    }

    /** Milliseconds left of the cooldown (rounded up), 0 when not cooling. */
    public long remainingCoolMillis() {
        long left = coolUntilNanos.get() - ticker.nanos();
        return left <= 0 ? 0 : (left + 999_999) / 1_000_000;
    }

    @Override
    public String toString() {
        return "PooledEndpoint[" + endpoint.name() + ", " + breaker.state() + (isCooling() ? ", cooling" : "") + "]";
    }
}
