package io.llmrouter.service.it;

import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts chat requests that Quarkus has seen start and seen finish. Quarkus' graceful shutdown waits for exactly this
 * "done" signal: a request that never gets it makes SIGTERM wait the whole {@code quarkus.shutdown.timeout}.
 */
@ApplicationScoped
public class RequestDoneProbe {

    private static final String PATH = "/v1/chat/completions";

    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();

    void register(@Observes Router router) {
        router.route(PATH).order(Integer.MIN_VALUE + 100).handler(rc -> {
            started.incrementAndGet();
            QuarkusRequestWrapper.get(rc.request()).addRequestDoneHandler(v -> done.incrementAndGet());
            rc.next();
        });
    }

    /** Chat requests started but not yet done. */
    int unfinished() {
        return started.get() - done.get();
    }
}
