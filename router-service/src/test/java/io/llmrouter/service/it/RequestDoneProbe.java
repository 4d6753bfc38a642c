package io.llmrouter.service.it;

import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Counts chat requests that Quarkus has seen start and seen finish. Quarkus' graceful shutdown waits for exactly this
 * "done" signal: a request that never gets it makes SIGTERM wait the whole {@code quarkus.shutdown.timeout}.
 */
@ApplicationScoped
public class RequestDoneProbe {

    private static final String PATH = "/v1/chat/completions";

    private int unfinished;

    void register(@Observes Router router) {
        router.route(PATH).order(Integer.MIN_VALUE + 100).handler(rc -> {
            started();
            QuarkusRequestWrapper.get(rc.request()).addRequestDoneHandler(v -> done());
            rc.next();
        });
    }

    private synchronized void started() {
        unfinished++;
    }

    private synchronized void done() {
        unfinished--;
        notifyAll();
    }

    /** Waits up to {@code timeout} for every chat request started so far to be done; returns those still not done. */
    synchronized int awaitUnfinished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while (unfinished > 0 && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
        return unfinished;
    }
}
