package io.llmrouter.service.state;

import io.llmrouter.core.governance.Grant;
import io.llmrouter.core.governance.LeaseRequest;
import io.llmrouter.core.governance.MeterKey;
import io.llmrouter.core.governance.SlotRequest;
import io.llmrouter.core.governance.StateStore;
import io.llmrouter.core.governance.WallClock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state store of a fleet: every replica's meters claim from the same counters in Redis, through the Lua scripts
 * of {@link LuaScripts} (atomic on the server, so a limit holds exactly whatever the number of replicas). Reactive
 * only: each operation is one {@code EVALSHA} whose answer arrives on the event loop; none blocks.
 *
 * <p>Keys ({@code P} the key prefix, {@code {T}} the tenant, percent-encoded, as a hash tag: every key of a tenant is
 * in one Redis Cluster slot):
 * <ul>
 *   <li>{@code P:{T}:rpm|tpm|budget:<scope>:<window start, epoch s>} the units claimed in the window (leases and
 *       debts), and {@code …:spent} the units reported used; both expire after the window (and a margin);</li>
 *   <li>{@code P:{T}:conc:<scope>} slots held by each replica, {@code …:exp} when each holding expires unless its
 *       replica's heartbeat renews it (a replica that died gives its slots back that way);</li>
 *   <li>{@code P:replicas} the replicas' last heartbeats, whose count sizes each replica's local share when Redis
 *       cannot be reached.</li>
 * </ul>
 */
public final class RedisStateStore implements StateStore {

    private final SharedState state;
    private final WallClock clock;
    /** How long a replica counts as live after its last heartbeat, and how long its slots are held without one. */
    private final long replicaTtl;
    private final AtomicInteger replicas = new AtomicInteger(1);
    /** Slots this replica holds, by meter: the holdings the heartbeat keeps alive. */
    private final Map<MeterKey, Long> held = new ConcurrentHashMap<>();

    /**
     * @param state the way to Redis (settings, replica id, store breaker)
     * @param clock the wall clock of slot expiries and heartbeats
     */
    public RedisStateStore(SharedState state, WallClock clock) {
        this.state = state;
        this.clock = clock;
        this.replicaTtl = state.settings().replicaTtl().toMillis();
    }

    @Override
    public Uni<Grant> lease(LeaseRequest r) {
        String counter = key(r.meter(), Long.toString(TimeUnit.MILLISECONDS.toSeconds(r.windowStart())));
        return state.eval(StoreStatus.Op.LEASE, LuaScripts.LEASE, List.of(counter, counter + ":spent"),
                        List.of(Long.toString(r.limit()), Long.toString(r.want()), Long.toString(r.debt()),
                                Long.toString(Math.max(1, r.ttlMillis())), Long.toString(TAIL_SPLIT),
                                Long.toString(r.spent())))
                .map(RedisStateStore::grant);
    }

    @Override
    public Uni<Void> giveBack(MeterKey meter, long windowStart, long units) {
        if (units <= 0) {
            return Uni.createFrom().voidItem();
        }
        String counter = key(meter, Long.toString(TimeUnit.MILLISECONDS.toSeconds(windowStart)));
        return state.eval(StoreStatus.Op.GIVEBACK, LuaScripts.GIVEBACK, List.of(counter), List.of(Long.toString(units)))
                .replaceWithVoid();
    }

    @Override
    public Uni<Grant> slots(SlotRequest r) {
        String slots = key(r.meter(), null);
        return state.eval(StoreStatus.Op.SLOTS, LuaScripts.SLOTS, List.of(slots, slots + ":exp"),
                        List.of(state.replica(), Long.toString(r.delta()), Long.toString(r.max()),
                                Long.toString(clock.millis()), Long.toString(replicaTtl)))
                .map(RedisStateStore::grant)
                .invoke(g -> held.compute(r.meter(), (k, v) -> {
                    long now = (v == null ? 0 : v) + g.granted();
                    return now <= 0 ? null : now;
                }));
    }

    @Override
    public int replicas() {
        return replicas.get();
    }

    @Override
    public String name() {
        return "redis";
    }

    /**
     * This replica is alive: its heartbeat in {@code P:replicas}, the live count read back (what {@link #replicas()}
     * answers), and the expiry of every slot holding it has renewed. Called every third of
     * {@code router.state.replica-ttl}.
     */
    Uni<Integer> heartbeat() {
        long now = clock.millis();
        String expiry = Long.toString(now + replicaTtl);
        Uni<Integer> beat = state.eval(StoreStatus.Op.HEARTBEAT, LuaScripts.REPLICAS,
                        List.of(state.settings().key("replicas")),
                        List.of(state.replica(), Long.toString(now), Long.toString(replicaTtl)))
                .map(Response::toInteger)
                .invoke(n -> replicas.set(Math.max(1, n)));
        for (MeterKey meter : held.keySet()) {
            String exp = key(meter, null) + ":exp";
            beat = beat.call(n -> state.execute(StoreStatus.Op.HEARTBEAT, "HSET", exp, state.replica(), expiry));
        }
        return beat;
    }

    /** {@code P:{tenant}:<dimension>:<scope>[:<window>]}, names percent-encoded (they come from configuration). */
    String key(MeterKey meter, String window) {
        String k = state.settings().key("{" + encode(meter.tenant()) + "}:" + meter.dimension().id() + ":"
                + encode(meter.scope()));
        return window == null ? k : k + ":" + window;
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private static Grant grant(Response r) {
        return new Grant(r.get(0).toLong(), r.get(1).toLong());
    }
}
