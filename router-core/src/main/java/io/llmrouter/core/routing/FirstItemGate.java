package io.llmrouter.core.routing;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * Holds a stream back until its first item: the Uni completes with the whole stream (the first item, then the rest,
 * read as the new subscriber asks) once the first item has arrived, and fails if the stream fails or ends before it.
 * What decides whether a call can still fail over: until the first frame of an answer exists, nothing has been
 * promised to the caller. One subscription to the source, whose demand is the new subscriber's from the first item on.
 */
final class FirstItemGate<T> implements Flow.Subscriber<T> {

    private final UniEmitter<? super Multi<T>> opened;
    private final Supplier<Throwable> whenEmpty;
    private volatile Flow.Subscription source;
    private volatile boolean cancelled;
    /** Only touched by source signals, which are serial. */
    private boolean first = true;
    /** The subscriber of the rest, once it subscribed; items after the first only come after it asked. */
    private volatile Flow.Subscriber<? super T> rest;
    /** A terminal signal that came before the rest had its subscription: delivered once it does. */
    private Throwable pendingFailure;
    private boolean pendingCompletion;
    private boolean restReady;

    private FirstItemGate(UniEmitter<? super Multi<T>> opened, Supplier<Throwable> whenEmpty) {
        this.opened = opened;
        this.whenEmpty = whenEmpty;
    }

    /**
     * Subscribes to {@code source}; the Uni completes at its first item, or fails with its failure, or with
     * {@code whenEmpty} if it completes without any. Cancelling the Uni, or the stream it completed with, cancels the
     * source.
     */
    static <T> Uni<Multi<T>> open(Multi<T> source, Supplier<Throwable> whenEmpty) {
        return Uni.createFrom().deferred(() -> {
            List<FirstItemGate<T>> gate = new ArrayList<>(1);
            return Uni.createFrom().<Multi<T>>emitter(emitter -> {
                gate.add(new FirstItemGate<>(emitter, whenEmpty));
                source.subscribe().withSubscriber(gate.get(0));
            }).onCancellation().invoke(() -> gate.forEach(FirstItemGate::cancel));
        });
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        source = subscription;
        if (cancelled) {
            subscription.cancel();
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onNext(T item) {
        if (first) {
            first = false;
            Flow.Publisher<T> rest = this::subscribeRest;
            opened.complete(Multi.createBy().concatenating().streams(Multi.createFrom().item(item),
                            Multi.createFrom().publisher(rest))
                    .onCancellation().invoke(this::cancel));
            return;
        }
        rest.onNext(item);
    }

    @Override
    public void onError(Throwable failure) {
        if (first) {
            first = false;
            opened.fail(failure);
            return;
        }
        synchronized (this) {
            if (!restReady) {
                pendingFailure = failure;
                return;
            }
        }
        rest.onError(failure);
    }

    @Override
    public void onComplete() {
        if (first) {
            first = false;
            opened.fail(whenEmpty.get());
            return;
        }
        synchronized (this) {
            if (!restReady) {
                pendingCompletion = true;
                return;
            }
        }
        rest.onComplete();
    }

    private void subscribeRest(Flow.Subscriber<? super T> subscriber) {
        rest = subscriber;
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                source.request(n);
            }

            @Override
            public void cancel() {
                FirstItemGate.this.cancel();
            }
        });
        Throwable failure;
        boolean completion;
        synchronized (this) {
            restReady = true;
            failure = pendingFailure;
            completion = pendingCompletion;
        }
        if (failure != null) {
            subscriber.onError(failure);
        } else if (completion) {
            subscriber.onComplete();
        }
    }

    private void cancel() {
        cancelled = true;
        Flow.Subscription s = source;
        if (s != null) {
            s.cancel();
        }
    }
}
