package io.llmrouter.service.wiring;

import io.llmrouter.core.routing.Offload;
import io.llmrouter.service.config.RouterConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/**
 * Moves the work on bodies of {@code router.limits.worker-threshold} bytes or more (64 KB: about half a millisecond
 * of parsing and converting) off the event loop, onto a pool of one worker thread per core, and brings the result
 * back to the event loop that asked. Below the threshold nothing changes: the work runs where it is, as before.
 * Measured, and the reasons for the threshold, in docs/operations.md.
 */
@Singleton
public class WorkerOffload implements Offload {

    private final WorkerExecutor workers;
    private final long threshold;

    @Inject
    public WorkerOffload(Vertx vertx, RouterConfig config) {
        this.threshold = config.limits().workerThreshold().asLongValue();
        this.workers = vertx.createSharedWorkerExecutor("router-large-bodies",
                Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /** Only event loops hand work over: elsewhere a thread may take its time. */
    @Override
    public boolean wanted(long size) {
        return size >= threshold && Context.isOnEventLoopThread();
    }

    @Override
    public <T> Uni<T> run(Supplier<T> work) {
        // Subscribed on an event loop, executeBlocking completes on that loop's context: the call goes on there.
        return Uni.createFrom().completionStage(() -> workers.executeBlocking(() -> {
            beforeWork();
            return work.get();
        }, false).toCompletionStage());
    }

    /** Runs on the worker thread before each piece of work; tests hold the work there with it. */
    protected void beforeWork() {
        // Nothing to do in production.
    }

    void close(@Observes ShutdownEvent event) {
        workers.close();
    }
}
