package io.llmrouter.service.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Endpoint;
import io.llmrouter.core.breaker.CircuitBreaker;
import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.selection.BreakerEvents;
import io.llmrouter.core.selection.PooledEndpoint;
import io.llmrouter.service.config.KeyIndex;
import io.llmrouter.service.config.PoolEvents;
import io.llmrouter.service.config.Tenant;
import io.llmrouter.service.config.TenantRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Breaker news between replicas, over Redis pub/sub: when a breaker of this replica opens by its own outcomes (a bad
 * or exhausted key, its failure threshold, a failed probe), the other replicas open theirs for the time it has left,
 * so that N replicas do not each pay the failures to find out. One channel ({@code <prefix>:breaker-news}), one small
 * JSON message per open, at most one per breaker per second.
 *
 * <p>A message is applied only when it is about the same upstream: its {@code fp} is a digest of the endpoint's
 * protocol, base URL, key, API version and model, so a replica whose endpoint already has a new key ignores news about
 * the old one. Own messages are ignored, and opens learned from news are never sent again
 * ({@link CircuitBreaker#learnOpen}), so news cannot echo between replicas. Pub/sub delivers at most once: a replica
 * that is not subscribed at that moment learns by its own failures, as without news. The subscription is made again
 * every {@code router.state.retry-interval} while Redis is away.
 *
 * <p>With the local store nothing is sent or received.
 */
@Singleton
public class BreakerNews implements PoolEvents {

    private static final Logger LOG = Logger.getLogger(BreakerNews.class);
    /** Longest message taken: a message is a few hundred characters. */
    static final int MAX_MESSAGE = 1024;
    /** Longest model name news is taken for (the bound of breakers per model). */
    private static final int MAX_MODEL = 256;
    private static final long MAX_REMAINING_MS = TimeUnit.HOURS.toMillis(24);
    /** News older (or from a clock further ahead) than this is stale. */
    private static final long MAX_AGE_MS = TimeUnit.SECONDS.toMillis(60);
    private static final long MIN_GAP_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What became of a message, as {@code router_breaker_news} tags it. */
    enum Result {
        SENT("sent"), PUBLISH_FAILED("sent"), APPLIED("received"), IGNORED_KNOWN("received"),
        IGNORED_OWN("received"), IGNORED_UNKNOWN("received"), IGNORED_STALE("received"), IGNORED_FP("received"),
        IGNORED_INVALID("received");

        final String direction;

        Result(String direction) {
            this.direction = direction;
        }
    }

    private final SharedState state;
    private final Instance<TenantRegistry> tenants;
    private final Vertx vertx;
    private final Ticker ticker;
    private final String channel;
    private final Map<Result, Counter> counts = new EnumMap<>(Result.class);
    /** When news of a breaker was last sent, by tenant, endpoint and model: bounded by the breakers there are. */
    private final Map<String, Long> lastSent = new ConcurrentHashMap<>();
    private final AtomicReference<ReactivePubSubCommands.ReactiveRedisSubscriber> subscriber = new AtomicReference<>();
    private volatile boolean stopped;

    @Inject
    public BreakerNews(SharedState state, Instance<TenantRegistry> tenants, Vertx vertx, Ticker ticker,
                       MeterRegistry registry) {
        // Instance: the registry builds its pools with this bean's sinks, so it is looked up when news arrives.
        this.state = state;
        this.tenants = tenants;
        this.vertx = vertx;
        this.ticker = ticker;
        this.channel = state.settings().key("breaker-news");
        for (Result r : Result.values()) {
            counts.put(r, Counter.builder("router_breaker_news")
                    .description("Breaker news between replicas: sent, or received and applied or ignored (why)")
                    .tag("direction", r.direction).tag("result", r.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    @Override
    public BreakerEvents of(String tenant) {
        if (!state.settings().shared()) {
            return BreakerEvents.NONE;
        }
        return (endpoint, model, why, recoveryNanos) -> send(tenant, endpoint, model, why, recoveryNanos);
    }

    void start(@Observes StartupEvent event) {
        if (state.settings().shared()) {
            subscribe();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        ReactivePubSubCommands.ReactiveRedisSubscriber s = subscriber.getAndSet(null);
        if (s != null) {
            s.unsubscribe().subscribe().with(ok -> { }, failure -> { });
        }
    }

    /** Whether this replica listens to the news now. */
    public boolean subscribed() {
        return subscriber.get() != null;
    }

    /** The channel name. */
    public String channel() {
        return channel;
    }

    private void subscribe() {
        if (stopped) {
            return;
        }
        state.pubsub().subscribe(channel, this::receive, this::lost, failure -> lost())
                .subscribe().with(s -> {
                    if (subscriber.getAndSet(s) == null) {
                        LOG.debugf("Listening to breaker news on %s", channel);
                    }
                }, failure -> lost());
    }

    /** The subscription ended or could not be made (Redis away or restarted): made again after the retry interval. */
    private void lost() {
        subscriber.set(null);
        if (!stopped) {
            vertx.setTimer(Math.max(1, state.settings().retryInterval().toMillis()), id -> subscribe());
        }
    }

    private void send(String tenant, Endpoint endpoint, String model, CircuitBreaker.Opening why, long recoveryNanos) {
        String breaker = tenant + '\n' + endpoint.name() + '\n' + (model == null ? "" : model);
        long now = ticker.nanos();
        Long last = lastSent.get(breaker);
        if (last != null && now - last < MIN_GAP_NANOS || model != null && model.length() > MAX_MODEL) {
            return;
        }
        lastSent.put(breaker, now);
        ObjectNode m = Json.object();
        m.put("v", 1);
        m.put("from", state.replica());
        m.put("tenant", tenant);
        m.put("endpoint", endpoint.name());
        if (model == null) {
            m.putNull("model");
        } else {
            m.put("model", model);
        }
        m.put("fp", fingerprint(endpoint));
        m.put("reason", why.name().toLowerCase(Locale.ROOT));
        m.put("remainingMs", TimeUnit.NANOSECONDS.toMillis(recoveryNanos));
        m.put("sentAt", System.currentTimeMillis());
        String text = Json.text(m);
        state.status().run(StoreStatus.Op.PUBLISH, () -> state.pubsub().publish(channel, text))
                .subscribe().with(ok -> counts.get(Result.SENT).increment(),
                        failure -> counts.get(Result.PUBLISH_FAILED).increment());
    }

    /** A message from the channel, on the event loop of the subscription: checked, then applied or ignored. */
    void receive(String text) {
        counts.get(apply(text)).increment();
    }

    private Result apply(String text) {
        if (text == null || text.length() > MAX_MESSAGE) {
            return Result.IGNORED_INVALID;
        }
        JsonNode m = Json.tryParse(text);
        if (m == null || !m.isObject() || m.path("v").asInt() != 1 || !m.path("from").isTextual()
                || !m.path("tenant").isTextual() || !m.path("endpoint").isTextual() || !m.path("fp").isTextual()
                || !m.path("remainingMs").canConvertToLong() || !m.path("sentAt").canConvertToLong()
                || !(m.path("model").isNull() || m.path("model").isTextual())) {
            return Result.IGNORED_INVALID;
        }
        if (m.get("from").asText().equals(state.replica())) {
            return Result.IGNORED_OWN;
        }
        long remainingMs = m.get("remainingMs").asLong();
        String model = m.path("model").isNull() ? null : m.get("model").asText();
        if (remainingMs <= 0 || remainingMs > MAX_REMAINING_MS || model != null && model.length() > MAX_MODEL) {
            return Result.IGNORED_INVALID;
        }
        if (Math.abs(System.currentTimeMillis() - m.get("sentAt").asLong()) > MAX_AGE_MS) {
            return Result.IGNORED_STALE;
        }
        PooledEndpoint pe = find(m.get("tenant").asText(), m.get("endpoint").asText());
        if (pe == null) {
            return Result.IGNORED_UNKNOWN;
        }
        if (!fingerprint(pe.endpoint()).equals(m.get("fp").asText())) {
            return Result.IGNORED_FP;
        }
        return pe.learnOpen(model, TimeUnit.MILLISECONDS.toNanos(remainingMs)) ? Result.APPLIED
                : Result.IGNORED_KNOWN;
    }

    /** The endpoint in the tenants as they are now (a reload may have changed or removed it). */
    private PooledEndpoint find(String tenant, String endpoint) {
        Tenant t = tenants.get().snapshot().tenants().get(tenant);
        return t == null ? null : t.pool().find(endpoint);
    }

    /**
     * The first 16 hex digits of SHA-256 over the endpoint's upstream identity: protocol, base URL, upstream key,
     * API version and model. Says "the same upstream" without saying anything about the key.
     */
    static String fingerprint(Endpoint e) {
        String identity = e.key().protocol() + "\0" + e.key().baseUrl() + "\0" + e.key().apiKey() + "\0"
                + e.key().apiVersion() + "\0" + e.model();
        return HexFormat.of().formatHex(KeyIndex.sha256(identity), 0, 8);
    }
}
