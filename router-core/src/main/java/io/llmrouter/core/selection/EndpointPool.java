package io.llmrouter.core.selection;

import io.llmrouter.api.Endpoint;
import io.llmrouter.api.EndpointKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.failure.Backoff;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One tenant's endpoints with their breakers and cooldowns; hands out price-ordered {@link AttemptPlan}s.
 * Thread-safe and lock-free: the candidate lists are computed once, the live state sits in each
 * {@link PooledEndpoint}, and the only shared counter is the round-robin rotation for equal prices.
 *
 * <p>Where no request can change which candidate is cheaper ({@link PriceOrder}), their order is computed once too,
 * and a plan prices nothing and allocates no order for its first attempt: it asks the first endpoint's cooldown and
 * breakers and builds the rest of the order only when it fails over. Candidates whose prices cross are priced and
 * sorted for each request.
 */
public final class EndpointPool {

    /** Endpoints tried per request when the tenant does not configure {@code max-attempts}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /**
     * Output tokens assumed for ranking when the request sets no {@code max_tokens}. Ranking needs some output
     * weight: with zero, an endpoint with cheap input but expensive output would always win although output usually
     * dominates the bill. 256 is the order of a typical chat answer; the exact value only matters when two
     * endpoints' price ratios cross near it.
     */
    public static final long DEFAULT_EXPECTED_OUTPUT_TOKENS = 256;

    private final List<PooledEndpoint> endpoints;
    /**
     * Candidates, in configuration order, for every model named in some endpoint's {@code models}: the endpoints of
     * this pool's kind only ({@link #serving}).
     */
    private final Map<String, Candidates> byModel;
    /** Candidates for any other model: the endpoints whose {@code models} is empty. */
    private final Candidates servesAny;
    private final int maxAttempts;
    private final Backoff backoff;
    private final AtomicLong rotation = new AtomicLong();
    /** The same endpoints planned for embeddings: this pool itself when it is that one. */
    private final EndpointPool embeddings;

    /** A pool with the default {@code max-attempts} of 3 and the system clock. */
    public EndpointPool(List<Endpoint> endpoints) {
        this(endpoints, DEFAULT_MAX_ATTEMPTS);
    }

    /** A pool on the system clock. */
    public EndpointPool(List<Endpoint> endpoints, int maxAttempts) {
        this(endpoints, maxAttempts, Ticker.SYSTEM);
    }

    /** A pool with the default backoff (100 ms base, 2 s cap). */
    public EndpointPool(List<Endpoint> endpoints, int maxAttempts, Ticker ticker) {
        this(endpoints, maxAttempts, ticker, Backoff.DEFAULT);
    }

    /** A pool with the default backoff whose breakers report their opens to {@code events}. */
    public EndpointPool(List<Endpoint> endpoints, int maxAttempts, Ticker ticker, BreakerEvents events) {
        this(endpoints, maxAttempts, ticker, Backoff.DEFAULT, events);
    }

    /** A pool whose breakers report to no one. */
    public EndpointPool(List<Endpoint> endpoints, int maxAttempts, Ticker ticker, Backoff backoff) {
        this(endpoints, maxAttempts, ticker, backoff, BreakerEvents.NONE);
    }

    /**
     * @param endpoints   the tenant's endpoints, names unique
     * @param maxAttempts calls per request, at least 1
     * @param ticker      clock for breakers and cooldowns
     * @param backoff     delays before re-trying an endpoint that was already tried
     * @param events      told of every open the breakers decide themselves
     */
    public EndpointPool(List<Endpoint> endpoints, int maxAttempts, Ticker ticker, Backoff backoff,
                        BreakerEvents events) {
        this(pooled(endpoints, ticker, events, null), maxAttempts, backoff, EndpointKind.CHAT);
    }

    /**
     * A pool that takes over the live state of {@code previous}, the same tenant's pool before its configuration was
     * reloaded: an endpoint configured exactly as before is the same {@link PooledEndpoint} (its breakers and
     * cooldown go on as they were); one whose upstream is the same and only prices, models or breaker settings
     * changed is new but starts with the open breakers and the cooldown of the old one
     * ({@link PooledEndpoint#carry}); any other starts fresh (a new key is how a bad key is fixed).
     *
     * @param previous the pool this one replaces; null for none
     */
    public EndpointPool(List<Endpoint> endpoints, int maxAttempts, Ticker ticker, BreakerEvents events,
                        EndpointPool previous) {
        this(pooled(endpoints, ticker, events, previous), maxAttempts, Backoff.DEFAULT, EndpointKind.CHAT);
    }

    /**
     * The pool planning among the endpoints of {@code kind} of {@code pooled}: a chat pool makes the embeddings pool
     * of the same endpoints (their breakers shared), so that the candidates of each kind are computed once.
     */
    private EndpointPool(List<PooledEndpoint> pooled, int maxAttempts, Backoff backoff, EndpointKind kind) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1, got " + maxAttempts);
        }
        this.endpoints = pooled;
        List<PooledEndpoint> routed = pooled.stream().filter(p -> p.endpoint().kind() == kind).toList();
        Set<String> modelNames = new HashSet<>();
        routed.forEach(p -> modelNames.addAll(p.endpoint().models()));
        Map<String, Candidates> map = new HashMap<>();
        for (String model : modelNames) {
            map.put(model, Candidates.of(routed.stream().filter(p -> p.endpoint().serves(model))
                    .toArray(PooledEndpoint[]::new)));
        }
        this.byModel = Map.copyOf(map);
        this.servesAny = Candidates.of(routed.stream().filter(p -> p.endpoint().models().isEmpty())
                .toArray(PooledEndpoint[]::new));
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.embeddings = kind == EndpointKind.EMBEDDINGS ? this
                : new EndpointPool(pooled, maxAttempts, backoff, EndpointKind.EMBEDDINGS);
    }

    private static List<PooledEndpoint> pooled(List<Endpoint> endpoints, Ticker ticker, BreakerEvents events,
                                               EndpointPool previous) {
        List<PooledEndpoint> pooled = new ArrayList<>(endpoints.size());
        Set<String> names = new HashSet<>();
        for (Endpoint e : endpoints) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("duplicate endpoint name '" + e.name() + "'");
            }
            pooled.add(adopt(e, previous == null ? null : previous.find(e.name()), ticker, events));
        }
        return List.copyOf(pooled);
    }

    /**
     * The pool that plans among the endpoints of {@code kind} only: this one for chat (and counts), its embeddings
     * pool for embeddings. Both hold the same endpoints and breakers; each plans among its own kind.
     */
    public EndpointPool serving(EndpointKind kind) {
        return kind == EndpointKind.EMBEDDINGS ? embeddings : this;
    }

    /**
     * Plans the attempts for one request: the candidates serving {@code model}, cheapest estimated cost first,
     * equal costs rotated round-robin so they share the load.
     *
     * @param model                the public model name requested
     * @param estimatedInputTokens estimated prompt tokens
     * @param maxTokens            the request's output limit, or null ({@link #DEFAULT_EXPECTED_OUTPUT_TOKENS})
     * @throws RouterException 404 {@code model_not_found} when no endpoint serves the model
     */
    public AttemptPlan plan(String model, long estimatedInputTokens, Integer maxTokens) {
        return plan(model, estimatedInputTokens, maxTokens, Double.NaN);
    }

    /**
     * {@link #plan(String, long, Integer)} restricted to the candidates whose input price is at most
     * {@code maxInputPrice} (USD per 1K tokens; NaN: no restriction), for calls downgraded past a budget's soft limit.
     * A ceiling at or above every candidate's price costs one comparison and plans as without one.
     *
     * @throws RouterException 404 {@code model_not_found} when no endpoint serves the model; an empty plan is never
     *                         returned, so ask {@link #cheapestInputPrice} before planning under a ceiling
     */
    public AttemptPlan plan(String model, long estimatedInputTokens, Integer maxTokens, double maxInputPrice) {
        Candidates served = model == null ? servesAny : byModel.getOrDefault(model, servesAny);
        PriceOrder fixed = served.fixedOrder();
        if (fixed == null || estimatedInputTokens <= 0 || !fixed.admitsAny(maxInputPrice)) {
            return planByCost(served, model, estimatedInputTokens, maxTokens, maxInputPrice);
        }
        // The order is the same for every such request: nothing to price, sort or allocate before the first attempt;
        // the plan builds the rest of the order only if it fails over. (Kept short so that the compiler inlines it
        // into its caller, where the plan of a call that succeeds at once needs no allocation.)
        return new AttemptPlan(fixed, maxInputPrice, fixed.hasTies(maxInputPrice) ? nextTurn() : -1, maxAttempts,
                backoff, model);
    }

    /**
     * A plan for candidates whose order depends on the request (their prices cross, or the request has no input to
     * tell apart equal output prices), each candidate priced for this request and sorted by cost; or the refusal
     * when no candidate serves the model under the ceiling ({@code maxInputPrice}, NaN: none).
     */
    private AttemptPlan planByCost(Candidates served, String model, long estimatedInputTokens, Integer maxTokens,
                                   double maxInputPrice) {
        if (served.endpoints().length == 0) {
            throw RouterException.modelNotFound(model);
        }
        PooledEndpoint[] order = Double.isNaN(maxInputPrice) || maxInputPrice >= served.maxInputPrice()
                ? served.endpoints().clone() : served.under(maxInputPrice);
        if (order.length == 0) {
            throw RouterException.modelNotFound(model);
        }
        long in = Math.max(0, estimatedInputTokens);
        long out = maxTokens != null && maxTokens > 0 ? maxTokens : DEFAULT_EXPECTED_OUTPUT_TOKENS;
        int n = order.length;
        double[] cost = new double[n];
        for (int i = 0; i < n; i++) {
            Endpoint e = order[i].endpoint();
            // The cost formula of usage; an estimate knows no cache reads or writes, so all input is uncached.
            cost[i] = e.cost(in, out);
        }
        // Insertion sort: stable and allocation-free; candidate lists are a handful long.
        for (int i = 1; i < n; i++) {
            PooledEndpoint p = order[i];
            double c = cost[i];
            int j = i - 1;
            while (j >= 0 && cost[j] > c) {
                order[j + 1] = order[j];
                cost[j + 1] = cost[j];
                j--;
            }
            order[j + 1] = p;
            cost[j + 1] = c;
        }
        rotateTies(order, cost);
        return new AttemptPlan(order, maxAttempts, backoff, model);
    }

    /**
     * The lowest input price (USD per 1K tokens) among the endpoints serving {@code model}; infinite when none does.
     * A call downgraded to a ceiling below it cannot be served.
     */
    public double cheapestInputPrice(String model) {
        Candidates c = model == null ? servesAny : byModel.getOrDefault(model, servesAny);
        return c.minInputPrice();
    }

    /** Every endpoint of the pool, of every kind, in configuration order, for health checks and metrics. */
    public List<PooledEndpoint> endpoints() {
        return endpoints;
    }

    /** The endpoint named {@code name}, or null. */
    public PooledEndpoint find(String name) {
        for (PooledEndpoint p : endpoints) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static PooledEndpoint adopt(Endpoint e, PooledEndpoint old, Ticker ticker, BreakerEvents events) {
        if (old != null && old.endpoint().equals(e)) {
            return old;
        }
        PooledEndpoint fresh = new PooledEndpoint(e, ticker, events);
        if (old != null && PooledEndpoint.sameUpstream(old.endpoint(), e)) {
            fresh.carry(old);
        }
        return fresh;
    }

    /** Calls per request. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Endpoints by name, in configuration order. */
    public Map<String, PooledEndpoint> byName() {
        Map<String, PooledEndpoint> m = new LinkedHashMap<>();
        endpoints.forEach(p -> m.put(p.name(), p));
        return m;
    }

    /**
     * Rotates each run of equal costs by one shared counter, taken once per plan, so that k equally priced
     * endpoints each lead exactly one plan in k.
     */
    private void rotateTies(PooledEndpoint[] order, double[] cost) {
        long turn = -1;
        int n = order.length;
        for (int start = 0; start < n;) {
            int end = start + 1;
            while (end < n && cost[end] == cost[start]) {
                end++;
            }
            int k = end - start;
            if (k > 1) {
                if (turn < 0) {
                    turn = nextTurn();
                }
                rotateLeft(order, start, k, (int) (turn % k));
            }
            start = end;
        }
    }

    /**
     * The rotation of equal prices for one plan: a shared counter, never negative. An int, so that taking it modulo a
     * run's length is an int division; past 2^31 plans the rotation skips once, which no one can tell from load.
     * Read and written plainly, not with an atomic increment, which was two thirds of the time a plan's first endpoint
     * takes (docs/benchmarks.md, "Core (JMH)"): two event loops planning at the same instant may take the same turn
     * and send two calls to one endpoint of the pair, which evens out over the next calls; one thread's plans rotate
     * exactly.
     */
    private int nextTurn() {
        long turn = rotation.getPlain();
        rotation.setPlain(turn + 1);
        return (int) (turn & Integer.MAX_VALUE);
    }

    private static void rotateLeft(PooledEndpoint[] a, int from, int length, int by) {
        for (int r = 0; r < by; r++) {
            PooledEndpoint first = a[from];
            System.arraycopy(a, from + 1, a, from, length - 1);
            a[from + length - 1] = first;
        }
    }

    /**
     * The endpoints serving one model, in configuration order, with the range of their input prices (a price ceiling
     * at or above the highest restricts nothing and costs one comparison) and their fixed price order, null when
     * their prices cross and each request's sizes decide it.
     */
    private record Candidates(PooledEndpoint[] endpoints, double minInputPrice, double maxInputPrice,
                              PriceOrder fixedOrder) {

        static Candidates of(PooledEndpoint[] endpoints) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (PooledEndpoint p : endpoints) {
                min = Math.min(min, p.endpoint().inputPrice());
                max = Math.max(max, p.endpoint().inputPrice());
            }
            return new Candidates(endpoints, min, max, endpoints.length == 0 ? null : PriceOrder.of(endpoints));
        }

        /** The candidates priced at most {@code ceiling}, in configuration order (a new array). */
        PooledEndpoint[] under(double ceiling) {
            int n = 0;
            PooledEndpoint[] kept = new PooledEndpoint[endpoints.length];
            for (PooledEndpoint p : endpoints) {
                if (p.endpoint().inputPrice() <= ceiling) {
                    kept[n++] = p;
                }
            }
            return Arrays.copyOf(kept, n);
        }
    }
}
