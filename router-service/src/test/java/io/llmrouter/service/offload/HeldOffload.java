package io.llmrouter.service.offload;

import io.llmrouter.service.config.RouterConfig;
import io.llmrouter.service.wiring.WorkerOffload;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The production offload, with a gate before each piece of work: once a test calls {@link #hold}, the next work
 * waits on its worker thread until {@link #release}. It records on which thread each piece of work ran; work that
 * arrives on an event loop is recorded and never held (holding it would block the loop for good). An alternative
 * enabled only by {@link LargeBodiesProfile}.
 */
@Alternative
@Singleton
public class HeldOffload extends WorkerOffload {

    /** The thread a piece of work ran on, and whether it was an event loop. */
    public record Work(String thread, boolean onEventLoop) {
    }

    private final List<Work> done = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch entered = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(0);

    @Inject
    public HeldOffload(Vertx vertx, RouterConfig config) {
        super(vertx, config);
    }

    /** The next piece of work waits on its worker until {@link #release}. */
    public void hold() {
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    /** Waits until held work has reached its worker. */
    public boolean awaitHeld() throws InterruptedException {
        return entered.await(30, TimeUnit.SECONDS);
    }

    public void release() {
        release.countDown();
    }

    /** Every piece of work so far, in order. */
    public List<Work> done() {
        return List.copyOf(done);
    }

    public void forget() {
        done.clear();
    }

    @Override
    protected void beforeWork() {
        boolean onEventLoop = Context.isOnEventLoopThread();
        done.add(new Work(Thread.currentThread().getName(), onEventLoop));
        if (onEventLoop) {
            return;
        }
        entered.countDown();
        try {
            // The bound only keeps a broken test from hanging the build.
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
