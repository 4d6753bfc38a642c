package io.llmrouter.service.state;

import io.llmrouter.core.testing.EmbeddedRedis;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real Redis on loopback for the application under test, started before it and stopped after it; the shared state
 * is pointed at it ({@code router.state.store=redis}). Tests reach the server through {@link #redis()} to read keys,
 * listen to the news channel, or stop and restart it (an outage).
 */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedRedis redis;

    @Override
    public Map<String, String> start() {
        redis = EmbeddedRedis.start();
        return Map.of("quarkus.redis.hosts", redis.uri(), "router.state.store", "redis",
                // Recovery after an outage within a test's patience, without sleeping.
                "router.state.retry-interval", "200ms");
    }

    @Override
    public void stop() {
        redis.stop();
    }

    /** The server of the running application. */
    public static EmbeddedRedis redis() {
        return redis;
    }
}
