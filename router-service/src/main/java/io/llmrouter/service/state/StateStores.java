package io.llmrouter.service.state;

import io.llmrouter.core.governance.LocalStateStore;
import io.llmrouter.core.governance.StateStore;
import io.llmrouter.core.governance.WallClock;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Produces the {@link StateStore} the meters claim from, chosen by {@code router.state.store}: in memory, or Redis
 * shared by the fleet, whose heartbeat this bean keeps beating (every third of {@code router.state.replica-ttl}).
 */
@ApplicationScoped
public class StateStores {

    private final Vertx vertx;
    private final StateStore store;
    private final long heartbeat;
    private long heartbeatTimer = -1;

    /**
     * @param state the shared state's settings and the way to Redis
     * @param vertx the timer of the heartbeat
     * @param clock the wall clock of windows, slot expiries and heartbeats
     */
    @Inject
    public StateStores(SharedState state, Vertx vertx, WallClock clock) {
        this.vertx = vertx;
        this.heartbeat = state.settings().heartbeat().toMillis();
        this.store = state.settings().shared() ? new RedisStateStore(state, clock) : new LocalStateStore(clock);
    }

    /** The store of this application. */
    @Produces
    @Singleton
    StateStore store() {
        return store;
    }

    void start(@Observes StartupEvent event) {
        if (store instanceof RedisStateStore redis) {
            beat(redis);
            heartbeatTimer = vertx.setPeriodic(heartbeat, id -> beat(redis));
        }
    }

    /** A failed heartbeat is counted by the store's metrics and tried again at the next beat. */
    private static void beat(RedisStateStore redis) {
        redis.heartbeat().subscribe().with(replicas -> { }, failure -> { });
    }

    void stop(@Observes ShutdownEvent event) {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
    }
}
