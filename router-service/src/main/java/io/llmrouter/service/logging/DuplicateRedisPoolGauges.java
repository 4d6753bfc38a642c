package io.llmrouter.service.logging;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops Micrometer's WARN about a second registration of the Redis client's pool gauges ({@code redis.pool.*}).
 * Quarkus' Redis extension builds the Vert.x Redis client twice at start-up when an application injects a data
 * source: its client and its data-source build steps each initialise the named clients, and the second client is
 * built before it is found to exist already, then dropped. That second client registers the same pool gauges;
 * Micrometer keeps the first ones, those of the client in use, and warns. The exported gauges are right and the
 * dropped client never opens a connection, so the warning asks the operator to act on nothing (docs/operations.md,
 * "Logs"). Any other duplicate registration still logs.
 */
final class DuplicateRedisPoolGauges implements Filter {

    static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";
    private static final String ALREADY_REGISTERED = "has been already registered";
    private static final String REDIS_POOL_METER = "name='redis.pool.";

    @Override
    public boolean isLoggable(LogRecord record) {
        return !(METER_REGISTRY.equals(record.getLoggerName()) && redisPoolDuplicate(record));
    }

    /** The message may arrive formatted or as a pattern with the meter's id as a parameter. */
    private static boolean redisPoolDuplicate(LogRecord record) {
        String message = record.getMessage();
        if (message == null || !message.contains(ALREADY_REGISTERED)) {
            return false;
        }
        if (message.contains(REDIS_POOL_METER)) {
            return true;
        }
        Object[] parameters = record.getParameters();
        if (parameters != null) {
            for (Object p : parameters) {
                if (p != null && String.valueOf(p).contains(REDIS_POOL_METER)) {
                    return true;
                }
            }
        }
        return false;
    }
}
