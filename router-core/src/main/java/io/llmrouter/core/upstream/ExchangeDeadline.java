package io.llmrouter.core.upstream;

import io.llmrouter.core.failure.UpstreamFault;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The waits of one upstream exchange, on one timer: up to the first-byte timeout for the response head (a model
 * may think a while before it answers), then at most the idle timeout of silence between two body chunks, and never
 * longer in all than the answer's maximum duration, from the request to its last byte (an upstream sending a
 * keep-alive comment now and then is never idle). A chunk only
 * moves the deadline (a field write); when the timer fires before the deadline it is set again for what is left, but
 * never for longer than the idle timeout (so that silence right after a head is noticed in time), and a stream of
 * thousands of chunks holds one timer at a time. At the deadline the request is reset with a
 * {@link TimeoutException} (past the maximum duration with an {@link UpstreamFault} of kind
 * {@link UpstreamFault.Kind#TOO_LONG}), which fails the response, or its body if that has begun. While the router does
 * not ask for the body ({@link #suspend()}, a caller slower than its upstream), the idle timeout only checks again
 * later; the maximum duration still counts.
 *
 * <p>Vert.x's own request idle timeout is not used: it also covers the wait for the head, so it capped the first-byte
 * timeout at the idle timeout, and it stops when the head arrives, so it never watched a body.
 */
final class ExchangeDeadline {

    private final Vertx vertx;
    private final HttpClientRequest request;
    private final long firstByteNanos;
    private final long idleNanos;
    private final long maxNanos;
    private final UpstreamLimits limits;
    /** When the whole exchange must be over (System.nanoTime). */
    private final long endBy;

    // Written on the event loop that runs the exchange; volatile for callers and timers off that loop (tests).
    private volatile long deadline;
    private volatile boolean headArrived;
    private volatile boolean done;
    /** The router is not asking for the body (its caller has not taken the last chunk): silence is not counted. */
    private volatile boolean suspended;
    private volatile long timerId = -1;

    private ExchangeDeadline(Vertx vertx, HttpClientRequest request, long firstByteNanos, long idleNanos,
                             UpstreamLimits limits) {
        this.vertx = vertx;
        this.request = request;
        this.firstByteNanos = firstByteNanos;
        this.idleNanos = idleNanos;
        this.limits = limits;
        this.maxNanos = limits.maxDuration().toNanos();
        this.endBy = System.nanoTime() + maxNanos;
    }

    /** Starts the wait for the response head of a request about to be sent. */
    static ExchangeDeadline start(Vertx vertx, HttpClientRequest request, TransportOptions options) {
        ExchangeDeadline d = new ExchangeDeadline(vertx, request, options.firstByteTimeout().toNanos(),
                options.idleTimeout().toNanos(), options.limits());
        d.deadline = System.nanoTime() + d.firstByteNanos;
        d.schedule(Math.min(Math.min(d.firstByteNanos, d.idleNanos), d.maxNanos));
        return d;
    }

    /** The head arrived: from now on, the longest silence allowed is the idle timeout. */
    void headArrived() {
        headArrived = true;
        deadline = System.nanoTime() + idleNanos;
    }

    /** A body chunk arrived. */
    void chunk() {
        deadline = System.nanoTime() + idleNanos;
    }

    /** The router stops asking for the body for now: the upstream's silence no longer counts. */
    void suspend() {
        suspended = true;
    }

    /** The router asks for the body again: from now, the idle timeout applies afresh. */
    void resume() {
        if (suspended) {
            suspended = false;
            deadline = System.nanoTime() + idleNanos;
        }
    }

    /** The exchange ended (answer complete, failed or abandoned): nothing more to watch. */
    void end() {
        done = true;
        long id = timerId;
        if (id != -1) {
            vertx.cancelTimer(id);
        }
    }

    private void schedule(long nanos) {
        timerId = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)), this::fire);
    }

    private void fire(long id) {
        timerId = -1;
        if (done) {
            return;
        }
        long now = System.nanoTime();
        long allowed = endBy - now;
        if (allowed <= 0) {
            done = true;
            request.reset(0, limits.tooLong());
            return;
        }
        long left = suspended ? idleNanos : deadline - now;
        if (left > 0) {
            schedule(Math.min(Math.min(left, idleNanos), allowed));
            return;
        }
        done = true;
        request.reset(0, new TimeoutException(headArrived
                ? "no data from upstream for " + UpstreamLimits.seconds(idleNanos)
                : "no response headers from upstream within " + UpstreamLimits.seconds(firstByteNanos)));
    }
}
