package io.llmrouter.core.selection;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.core.breaker.CircuitBreaker;
import io.llmrouter.core.breaker.Ticker;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The breakers per upstream model of an endpoint that passes the caller's model through: one caller's failing model
 * must not bench the endpoint for every other model. Callers choose the model names, so the map is bounded:
 *
 * <ul>
 *   <li>a model gets a breaker only when one of its calls fails; a model that never failed has none, and is
 *       admitted;</li>
 *   <li>at most {@link #MAX_MODELS} models have a breaker of their own. When the map is full, the breakers that hold
 *       nothing (closed, no failure counted) make room; when none does, the models without a breaker of their own
 *       share one more, the overflow breaker, and so do names longer than {@link #MAX_NAME_LENGTH}.</li>
 * </ul>
 *
 * Lock-free: a concurrent map and an atomic count. Under a race, a failure may land on a breaker that was just
 * dropped for being clean, which loses that one failure.
 */
final class ModelBreakers {

    /** Models with a breaker of their own, per endpoint. */
    static final int MAX_MODELS = 64;
    /** Longest model name that gets a breaker of its own. */
    static final int MAX_NAME_LENGTH = 256;
    /** Health data's name for the breaker the models without one of their own share. */
    static final String OVERFLOW_NAME = "(other models)";

    private final CircuitBreakerConfig config;
    private final Ticker ticker;
    private final Function<String, CircuitBreaker.OpenListener> listeners;
    private final Map<String, CircuitBreaker> byModel = new ConcurrentHashMap<>();
    /** Entries of {@link #byModel}, reserved before an insert so that the bound holds under concurrent inserts. */
    private final AtomicInteger size = new AtomicInteger();
    private final CircuitBreaker overflow;

    ModelBreakers(CircuitBreakerConfig config, Ticker ticker) {
        this(config, ticker, model -> CircuitBreaker.OpenListener.NONE);
    }

    /** @param listeners the open listener of each model's breaker, by model ({@link #OVERFLOW_NAME}'s too) */
    ModelBreakers(CircuitBreakerConfig config, Ticker ticker, Function<String, CircuitBreaker.OpenListener> listeners) {
        this.config = config;
        this.ticker = ticker;
        this.listeners = listeners;
        this.overflow = new CircuitBreaker(config, ticker, listeners.apply(OVERFLOW_NAME));
    }

    /** The breaker that decides whether a call for {@code model} may be made, or null when the model has none. */
    CircuitBreaker find(String model) {
        if (!ownable(model)) {
            return overflow;
        }
        int n = size.get();
        if (n == 0) {
            return null; // no model ever failed, or all made room again: the selection path's usual case
        }
        CircuitBreaker b = byModel.get(model);
        if (b != null) {
            return b;
        }
        return n >= MAX_MODELS ? overflow : null;
    }

    /** The breaker a failed call for {@code model} counts against: its own (made now if need be) or the overflow. */
    CircuitBreaker charge(String model) {
        CircuitBreaker b = find(model);
        if (b != null && (b != overflow || !ownable(model))) {
            return b;
        }
        // No breaker of its own yet: one is made when there is room, or room can be made.
        if (!reserve()) {
            dropClean();
            if (!reserve()) {
                return overflow;
            }
        }
        CircuitBreaker fresh = new CircuitBreaker(config, ticker, listeners.apply(model));
        CircuitBreaker raced = byModel.putIfAbsent(model, fresh);
        if (raced != null) {
            size.decrementAndGet();
            return raced;
        }
        return fresh;
    }

    /** Models whose breaker is not closed, by name, with the overflow breaker's state under {@link #OVERFLOW_NAME}. */
    Map<String, CircuitBreaker.State> notClosed() {
        Map<String, CircuitBreaker.State> states = new TreeMap<>();
        byModel.forEach((model, breaker) -> {
            CircuitBreaker.State s = breaker.state();
            if (s != CircuitBreaker.State.CLOSED) {
                states.put(model, s);
            }
        });
        if (overflow.state() != CircuitBreaker.State.CLOSED) {
            states.put(OVERFLOW_NAME, overflow.state());
        }
        return states;
    }

    /** Each model's own breaker (the overflow breaker is not one). */
    void forEachOwn(BiConsumer<String, CircuitBreaker> action) {
        byModel.forEach(action);
    }

    /** Models with a breaker of their own (for tests of the bound). */
    int size() {
        return byModel.size();
    }

    /** Takes one of the {@link #MAX_MODELS} places; false when none is left. */
    private boolean reserve() {
        return size.getAndUpdate(n -> n < MAX_MODELS ? n + 1 : n) < MAX_MODELS;
    }

    private static boolean ownable(String model) {
        return model != null && model.length() <= MAX_NAME_LENGTH;
    }

    /** Drops the breakers that hold nothing: closed with no failure counted, like a model that has none. */
    private void dropClean() {
        byModel.forEach((model, breaker) -> {
            if (breaker.state() == CircuitBreaker.State.CLOSED && breaker.consecutiveFailures() == 0
                    && byModel.remove(model, breaker)) {
                size.decrementAndGet();
            }
        });
    }
}
