package io.llmrouter.service.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ClientDisconnectFilterTest {

    private final ClientDisconnectFilter filter = new ClientDisconnectFilter();

    private static LogRecord record(String logger, Throwable thrown) {
        LogRecord r = new LogRecord(Level.SEVERE, "Exception in SSE server handling, impossible to send it to client");
        r.setLoggerName(logger);
        r.setThrown(thrown);
        return r;
    }

    @Test
    void dropsTheHandlersErrorWhenTheClientConnectionIsClosed() {
        // Netty's own StacklessClosedChannelException (package-private) is such a subclass.
        assertFalse(filter.isLoggable(record(ClientDisconnectFilter.PUBLISHER_HANDLER, new ClosedChannelException() {
        })));
        assertFalse(filter.isLoggable(record(ClientDisconnectFilter.PUBLISHER_HANDLER,
                new IOException("write failed", new ClosedChannelException()))));
        assertFalse(filter.isLoggable(record(ClientDisconnectFilter.PUBLISHER_HANDLER, new IOException("Broken pipe"))));
        assertFalse(filter.isLoggable(record(ClientDisconnectFilter.PUBLISHER_HANDLER,
                new SocketException("Connection reset by peer"))));
    }

    @Test
    void keepsOtherCausesAndOtherLoggers() {
        assertTrue(filter.isLoggable(record(ClientDisconnectFilter.PUBLISHER_HANDLER,
                new IllegalStateException("a bug"))));
        assertTrue(filter.isLoggable(record(ClientDisconnectFilter.PUBLISHER_HANDLER, null)));
        assertTrue(filter.isLoggable(record(ClientDisconnectFilter.PUBLISHER_HANDLER, new IOException("disk full"))));
        assertTrue(filter.isLoggable(record("io.llmrouter.core.routing.Call", new ClosedChannelException())));
    }
}
