package io.llmrouter.service.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class KnownNoiseFilterTest {

    private static final String REDIS_POOL_ID =
            "MeterId{name='redis.pool.queue.size', tags=[tag(pool.name=<default>),tag(pool.type=redis)]}";
    private static final String PATTERN = "This Gauge has been already registered ({}), the registration will be"
            + " ignored. Note that subsequent logs will be logged at debug level.";

    private final KnownNoiseFilter filter = new KnownNoiseFilter();

    private static LogRecord record(String logger, Level level, String message, Object... parameters) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger);
        r.setParameters(parameters.length == 0 ? null : parameters);
        return r;
    }

    @Test
    void dropsTheRedisPoolGaugesRegisteredTwiceFormattedOrNot() {
        assertFalse(filter.isLoggable(record(DuplicateRedisPoolGauges.METER_REGISTRY, Level.WARNING,
                PATTERN.replace("{}", REDIS_POOL_ID))));
        assertFalse(filter.isLoggable(record(DuplicateRedisPoolGauges.METER_REGISTRY, Level.WARNING, PATTERN,
                REDIS_POOL_ID)));
        assertFalse(filter.isLoggable(record(DuplicateRedisPoolGauges.METER_REGISTRY, Level.FINE,
                "This Gauge has been already registered (MeterId{name='redis.pool.active', tags=[]}), the"
                        + " registration will be ignored.")));
    }

    @Test
    void keepsOtherDuplicateMetersAndOtherMessages() {
        assertTrue(filter.isLoggable(record(DuplicateRedisPoolGauges.METER_REGISTRY, Level.WARNING, PATTERN,
                "MeterId{name='router.requests', tags=[]}")));
        assertTrue(filter.isLoggable(record(DuplicateRedisPoolGauges.METER_REGISTRY, Level.WARNING,
                PATTERN.replace("{}", "MeterId{name='http.server.requests', tags=[]}"))));
        assertTrue(filter.isLoggable(record(DuplicateRedisPoolGauges.METER_REGISTRY, Level.WARNING,
                "Failed to apply the value function for the gauge '" + REDIS_POOL_ID + "'.")));
        assertTrue(filter.isLoggable(record("io.llmrouter.service.state.SharedState", Level.WARNING,
                PATTERN.replace("{}", REDIS_POOL_ID))));
        assertTrue(filter.isLoggable(record(DuplicateRedisPoolGauges.METER_REGISTRY, Level.WARNING, null)));
    }

    @Test
    void joinsTheClientDisconnectRule() {
        LogRecord closed = record(ClientDisconnectFilter.PUBLISHER_HANDLER, Level.SEVERE,
                "Exception in SSE server handling, impossible to send it to client");
        closed.setThrown(new IOException("Broken pipe"));
        assertFalse(filter.isLoggable(closed));
        closed.setThrown(new IllegalStateException("a bug"));
        assertTrue(filter.isLoggable(closed));
    }
}
