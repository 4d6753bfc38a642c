package io.llmrouter.service.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * The console's log filter ({@code quarkus.log.console.filter=known-noise}): drops the few lines that libraries
 * log for routine events and that would otherwise bury real warnings and errors. A handler takes one filter, so the
 * rules are kept apart and joined here; each drops only what it names.
 */
@LoggingFilter(name = "known-noise")
public final class KnownNoiseFilter implements Filter {

    private final List<Filter> rules = List.of(new ClientDisconnectFilter(), new DuplicateRedisPoolGauges());

    @Override
    public boolean isLoggable(LogRecord record) {
        for (Filter rule : rules) {
            if (!rule.isLoggable(record)) {
                return false;
            }
        }
        return true;
    }
}
