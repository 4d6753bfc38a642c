package io.llmrouter.service.wiring;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpClosedException;
import org.jboss.logging.Logger;

/**
 * Mutiny's report of failures that arrive after their subscriber went away. When a caller disconnects mid-stream the
 * router cancels the upstream call and the REST client closes the connection, then fails the already cancelled
 * stream with that close: expected, so logged at debug instead of as an error on every disconnect. Anything else
 * dropped is still an error.
 */
final class DroppedFailures {

    private static final Logger LOG = Logger.getLogger(DroppedFailures.class);

    private DroppedFailures() {
    }

    static void install() {
        Infrastructure.setDroppedExceptionHandler(DroppedFailures::report);
    }

    static void report(Throwable failure) {
        if (failure instanceof HttpClosedException) {
            LOG.debugf("connection closed after its stream was cancelled: %s", failure.getMessage());
        } else {
            LOG.errorf(failure, "Mutiny had to drop the following exception: %s", failure);
        }
    }
}
