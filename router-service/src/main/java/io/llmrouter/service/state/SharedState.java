package io.llmrouter.service.state;

import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.service.config.RouterConfig;
import io.llmrouter.service.config.TenantRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The replicas' shared state: the settings ({@code router.state.*}, checked at start-up), this replica's id, and with
 * {@code router.state.store=redis} the way to Redis, every operation through {@link StoreStatus} (timeout, store
 * breaker, metrics). The only class that holds Redis' data source.
 *
 * <p>The data source is taken from an {@link Instance} and only with the Redis store: Quarkus makes the bean inactive
 * without {@code quarkus.redis.hosts}, so the local store needs no Redis configuration at all.
 */
@Startup
@Singleton
public class SharedState {

    private final StateSettings settings;
    private final StoreStatus status;
    private final String replica;
    private final ReactiveRedisDataSource redis;

    @Inject
    public SharedState(RouterConfig config, Config quarkus, Instance<ReactiveRedisDataSource> redis,
                       MeterRegistry registry, Ticker ticker, Instance<TenantRegistry> tenants) {
        this.settings = StateSettings.of(config.state(), quarkus.getOptionalValue(StateSettings.HOSTS, String.class));
        // Instance: the tenants count on the store this state serves; they are looked up when an outage begins.
        this.status = new StoreStatus(settings, () -> tenants.get().failingClosed(), registry, ticker, Instant::now);
        this.replica = replicaId(System.getenv("HOSTNAME"));
        this.redis = settings.shared() ? redis.get() : null;
    }

    /** The checked settings. */
    public StateSettings settings() {
        return settings;
    }

    /** The store's health: outage, metrics. */
    public StoreStatus status() {
        return status;
    }

    /** This replica's id: its host name (a pod's name) and 6 random hex digits, new at every start. */
    public String replica() {
        return replica;
    }

    /** Runs a script with {@code EVALSHA}, and with {@code EVAL} when Redis does not know it (restarted, failed over). */
    public Uni<Response> eval(StoreStatus.Op op, LuaScripts script, List<String> keys, List<String> args) {
        ReactiveRedisDataSource ds = dataSource();
        return status.run(op, () -> ds.execute("EVALSHA", LuaScripts.arguments(script.sha(), keys, args))
                .onFailure(SharedState::noScript)
                .recoverWithUni(t -> ds.execute("EVAL", LuaScripts.arguments(script.body(), keys, args))));
    }

    /** One command, through the store breaker. */
    public Uni<Response> execute(StoreStatus.Op op, String command, String... args) {
        ReactiveRedisDataSource ds = dataSource();
        return status.run(op, () -> ds.execute(command, args));
    }

    /** {@code PING}, through the store breaker: what the health group shows. */
    public Uni<Response> ping() {
        return execute(StoreStatus.Op.PING, "PING");
    }

    /** Pub/sub of text messages (a connection of its own for the subscription). */
    ReactivePubSubCommands<String> pubsub() {
        return dataSource().pubsub(String.class);
    }

    private ReactiveRedisDataSource dataSource() {
        if (redis == null) {
            throw new IllegalStateException("router.state.store is local: there is no Redis to talk to");
        }
        return redis;
    }

    private static boolean noScript(Throwable t) {
        return t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT");
    }

    static String replicaId(String hostName) {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        // Bounded and plain: the id goes into Redis hashes and news messages.
        String host = Optional.ofNullable(hostName).map(h -> h.replaceAll("[^A-Za-z0-9.-]", "-"))
                .filter(h -> !h.isEmpty()).map(h -> h.substring(0, Math.min(h.length(), 63))).orElse("router");
        return host + "-" + HexFormat.of().formatHex(random);
    }
}
