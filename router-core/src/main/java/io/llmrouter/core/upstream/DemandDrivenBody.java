package io.llmrouter.core.upstream;

import io.vertx.core.Context;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A streamed upstream body that reads only as many chunks as its subscriber asked for. The response stays paused
 * between requests: what the upstream sends meanwhile waits in the connection's read window (Vert.x stops reading the
 * socket past it) and then in the TCP windows, so a caller that reads slowly slows the upstream down instead of
 * filling the router's memory. Vert.x runs the handlers on the connection's event loop; demand from any other thread
 * is moved there.
 *
 * <p>The idle timeout watches the upstream's silence only while the router waits for a chunk: a body paused because
 * the caller has not taken the last one is not the upstream's fault.
 */
final class DemandDrivenBody implements Flow.Publisher<byte[]> {

    private final HttpClientRequest request;
    private final HttpClientResponse response;
    private final ExchangeDeadline deadline;
    private final Context context;
    private final Thread loop;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    /**
     * How the exchange failed before anyone subscribed (the deadline or a reset while the caller was busy elsewhere).
     * Vert.x signals it once and then refuses handlers on the response, so it is kept here for the subscriber, which
     * would otherwise wait forever. Touched on the event loop only.
     */
    private Throwable failedEarly;

    /** Call on the response's event loop, with the response paused. */
    DemandDrivenBody(HttpClientRequest request, HttpClientResponse response, ExchangeDeadline deadline,
                     Context context) {
        this.request = request;
        this.response = response;
        this.deadline = deadline;
        this.context = Objects.requireNonNull(context, "must be created on the response's event loop");
        this.loop = Thread.currentThread();
        response.exceptionHandler(t -> failedEarly = t);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super byte[]> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("an upstream body can be read only once"));
            return;
        }
        onLoop(() -> new BodySubscription(subscriber).start());
    }

    private void onLoop(Runnable action) {
        if (Thread.currentThread() == loop) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    /**
     * One subscriber's reading of the body; its state is touched on the event loop only. Vert.x is asked for one
     * item at a time, and one ahead of the subscriber's demand: Vert.x counts the end of the body as an item too, so
     * reading one ahead lets the end (or a failure) arrive as soon as the last chunk was taken, while holding at most
     * one chunk here.
     */
    private final class BodySubscription implements Flow.Subscription {

        private final Flow.Subscriber<? super byte[]> subscriber;
        /** Chunks asked for by the subscriber and not yet delivered. */
        private long demand;
        /** A chunk read ahead of demand, or null. */
        private byte[] ahead;
        /** Whether an item was fetched from Vert.x and has not arrived yet. */
        private boolean fetching;
        /** The body ended, normally or with {@link #failure}: signalled once {@link #ahead} is delivered. */
        private boolean ended;
        private Throwable failure;
        /** A signal was sent that ends the subscription (complete, error), or the subscriber cancelled. */
        private boolean over;

        BodySubscription(Flow.Subscriber<? super byte[]> subscriber) {
            this.subscriber = subscriber;
        }

        void start() {
            if (failedEarly == null) {
                response.handler(chunk -> {
                    fetching = false;
                    deadline.chunk();
                    ahead = chunk.getBytes();
                    drain();
                });
                response.exceptionHandler(this::ended);
                response.endHandler(v -> ended(null));
            }
            subscriber.onSubscribe(this);
            if (failedEarly != null) {
                ended(failedEarly);
                return;
            }
            drain();
        }

        @Override
        public void request(long n) {
            onLoop(() -> {
                if (over) {
                    return;
                }
                if (n <= 0) {
                    cancelled();
                    subscriber.onError(new IllegalArgumentException("non-positive request: " + n));
                    return;
                }
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                drain();
            });
        }

        @Override
        public void cancel() {
            onLoop(() -> {
                if (!over) {
                    cancelled();
                }
            });
        }

        private void ended(Throwable failure) {
            fetching = false;
            if (!ended) {
                ended = true;
                this.failure = failure;
            }
            drain();
        }

        /** Delivers what can be delivered, signals the end once nothing is held back, and reads one item ahead. */
        private void drain() {
            if (over) {
                return;
            }
            if (ahead != null && demand > 0) {
                byte[] chunk = ahead;
                ahead = null;
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
                subscriber.onNext(chunk);
                if (over) {
                    return; // cancelled from onNext
                }
            }
            if (ahead == null && ended) {
                over = true;
                deadline.end();
                if (failure == null) {
                    subscriber.onComplete();
                } else {
                    subscriber.onError(failure);
                }
                return;
            }
            // The upstream's silence counts only while the subscriber waits for a chunk.
            if (demand > 0) {
                deadline.resume();
            } else {
                deadline.suspend();
            }
            if (ahead == null && !fetching && !ended) {
                fetching = true;
                response.fetch(1);
            }
        }

        /** The subscriber went away (the caller disconnected): stop paying for tokens nobody reads. */
        private void cancelled() {
            over = true;
            deadline.end();
            if (!ended) {
                VertxUpstreamTransport.abort(request, response);
            }
        }
    }
}
