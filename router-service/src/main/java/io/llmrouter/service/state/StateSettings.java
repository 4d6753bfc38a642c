package io.llmrouter.service.state;

import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.governance.Meter;
import io.llmrouter.service.config.RouterConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shared state's settings, checked at start-up: a wrong value, or {@code redis} without a Redis to talk to, stops
 * the application with a message naming the property.
 *
 * @param store         where limits and budgets are counted
 * @param keyPrefix     prefix of every Redis key and of the news channel
 * @param timeout       longest wait for one answer of Redis
 * @param retryInterval how long a failed store is left alone before the next probe
 * @param leaseFraction largest share of a limit one lease holds
 * @param leaseIdle     how long a lease stays unused before its units go back to the store
 * @param replicaTtl    how long a replica counts as live after its last heartbeat
 */
public record StateSettings(RouterConfig.State.Store store, String keyPrefix, Duration timeout,
                            Duration retryInterval, double leaseFraction, Duration leaseIdle, Duration replicaTtl) {

    /** The Quarkus property that says where Redis is. */
    static final String HOSTS = "quarkus.redis.hosts";
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);
    /** Heartbeats per {@link #replicaTtl}: a replica survives two lost beats. */
    static final int HEARTBEATS_PER_TTL = 3;

    /**
     * @param state the {@code router.state} configuration
     * @param hosts the value of {@code quarkus.redis.hosts}, if set
     * @throws ConfigurationException naming the property that is wrong
     */
    public static StateSettings of(RouterConfig.State state, Optional<String> hosts) {
        if (state.store() == RouterConfig.State.Store.REDIS && hosts.map(String::isBlank).orElse(true)) {
            throw new ConfigurationException(HOSTS, "is required with router.state.store=redis: where Redis is, e.g. "
                    + "redis://llm-router-redis:6379 (QUARKUS_REDIS_HOSTS), with quarkus.redis.password "
                    + "(QUARKUS_REDIS_PASSWORD) when it asks for one");
        }
        String prefix = state.redis().keyPrefix();
        if (!PREFIX.matcher(prefix).matches()) {
            throw new ConfigurationException("router.state.redis.key-prefix",
                    "must be 1 to 32 characters of A-Z a-z 0-9 . _ -, got '" + prefix + "'");
        }
        Duration timeout = state.redis().timeout();
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new ConfigurationException("router.state.redis.timeout", "must be between 10ms and 10s, got "
                    + timeout);
        }
        Duration retry = state.retryInterval();
        if (retry.compareTo(MIN_TIMEOUT) < 0 || retry.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ConfigurationException("router.state.retry-interval", "must be between 10ms and 1m, got "
                    + retry);
        }
        double fraction = state.leaseFraction();
        if (!(fraction > 0 && fraction <= Meter.MAX_LEASE_FRACTION)) {
            throw new ConfigurationException("router.state.lease-fraction", "must be more than 0 and at most 0.5 (a "
                    + "share of the limit, e.g. 0.05), got " + fraction);
        }
        Duration idle = within(state.leaseIdle(), "router.state.lease-idle", Duration.ofSeconds(1),
                Duration.ofMinutes(10));
        Duration ttl = within(state.replicaTtl(), "router.state.replica-ttl", Duration.ofSeconds(3),
                Duration.ofMinutes(5));
        return new StateSettings(state.store(), prefix, timeout, retry, fraction, idle, ttl);
    }

    private static Duration within(Duration value, String property, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigurationException(property, "must be between " + text(min) + " and " + text(max)
                    + ", got " + value);
        }
        return value;
    }

    private static String text(Duration d) {
        return d.toMinutes() > 0 && d.toSecondsPart() == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }

    /** How often this replica's heartbeat beats: every third of {@link #replicaTtl}. */
    public Duration heartbeat() {
        return replicaTtl.dividedBy(HEARTBEATS_PER_TTL);
    }

    /** Whether the state is shared through Redis. */
    public boolean shared() {
        return store == RouterConfig.State.Store.REDIS;
    }

    /** A key or channel name under the prefix: {@code <prefix>:<name>}. */
    public String key(String name) {
        return keyPrefix + ":" + name;
    }
}
