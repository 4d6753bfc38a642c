package io.llmrouter.service.logging;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops RESTEasy Reactive's ERROR "impossible to send it to client" when the cause is only that the client's
 * connection is already closed (closed channel, broken pipe, connection reset). Callers abandoning a stream (a user
 * pressing stop, a load balancer timing out) are routine for an LLM gateway, and the router already cancels the
 * upstream call and records the outcome as {@code cancelled}; an ERROR with a stack trace per disconnect would bury
 * real errors. Any other cause still logs. One of the {@link KnownNoiseFilter}'s rules.
 */
final class ClientDisconnectFilter implements Filter {

    static final String PUBLISHER_HANDLER = "org.jboss.resteasy.reactive.server.handlers.PublisherResponseHandler";
    private static final int MAX_CAUSE_DEPTH = 8;

    @Override
    public boolean isLoggable(LogRecord record) {
        return !(PUBLISHER_HANDLER.equals(record.getLoggerName()) && closedConnection(record.getThrown()));
    }

    private static boolean closedConnection(Throwable thrown) {
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof ClosedChannelException) {
                return true;
            }
            // What the socket reports when the peer has gone: EPIPE and ECONNRESET, as plain IOExceptions.
            String message = t.getMessage();
            if (t instanceof IOException && message != null
                    && (message.contains("Broken pipe") || message.contains("Connection reset"))) {
                return true;
            }
        }
        return false;
    }
}
