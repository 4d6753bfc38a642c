package io.llmrouter.core.failure;

import io.netty.channel.ConnectTimeoutException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure is a timeout, recognised by type anywhere in its cause chain: the transports wrap what happened
 * (Vert.x resets a request that ran out of time with a {@code StreamResetException} whose cause is the
 * {@link TimeoutException}; the REST client wraps its own). Types, not names: a class called {@code ...Timeout...}
 * that is not a timeout must not count, and one that is must not depend on its name.
 */
public final class Timeouts {

    /** Deep enough for every wrapper seen; a cyclic or absurd chain stops here. */
    private static final int MAX_DEPTH = 16;

    private Timeouts() {
    }

    /**
     * A {@link TimeoutException} (Vert.x's and Mutiny's are subclasses), a {@link SocketTimeoutException}, an
     * {@link HttpTimeoutException} or Netty's {@link ConnectTimeoutException}, as the failure itself or one of its
     * causes.
     */
    public static boolean isTimeout(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                    || t instanceof ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
