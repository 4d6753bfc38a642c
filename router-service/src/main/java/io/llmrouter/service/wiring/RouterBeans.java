package io.llmrouter.service.wiring;

import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.routing.LlmRouter;
import io.llmrouter.core.upstream.RestClientUpstreamTransport;
import io.llmrouter.core.upstream.TransportOptions;
import io.llmrouter.core.upstream.UpstreamTransport;
import io.llmrouter.core.upstream.VertxUpstreamTransport;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.service.config.RouterConfig;
import io.llmrouter.service.config.UpstreamLimitsConfig;
import io.llmrouter.service.metrics.RouterMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the core's call path into the application: the configured upstream transport, and the router. */
@ApplicationScoped
public class RouterBeans {

    private UpstreamTransport transport;

    /** The clock of breakers and cooldowns; tests replace it with a scripted one. */
    @Produces
    @Singleton
    Ticker ticker() {
        return Ticker.SYSTEM;
    }

    @Produces
    @Singleton
    UpstreamTransport transport(Vertx vertx, RouterConfig config) {
        RouterConfig.Upstream u = config.upstream();
        TransportOptions options = new TransportOptions(u.connectTimeout(), u.firstByteTimeout(), u.idleTimeout(),
                u.maxConnectionsPerHost(), config.security().allowPrivateUpstreams(), UpstreamLimitsConfig.of(u));
        transport = switch (u.transport()) {
            case REST_CLIENT -> new RestClientUpstreamTransport(vertx, options);
            case VERTX -> new VertxUpstreamTransport(vertx, options);
        };
        return transport;
    }

    @Produces
    @Singleton
    LlmRouter router(Codecs codecs, UpstreamTransport transport, TokenEstimator estimator,
                     FailureClassifier classifier, RouterMetrics metrics, RouterConfig config) {
        return new LlmRouter(codecs, transport, estimator, classifier, metrics,
                UpstreamLimitsConfig.of(config.upstream()));
    }

    void onStart(@Observes StartupEvent event, RouterConfig config) {
        // Checked now, not at the first call that builds the transport: a wrong limit stops the start.
        UpstreamLimitsConfig.of(config.upstream());
        DroppedFailures.install();
        MutinyContextPropagation.apply(config.contextPropagation());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (transport != null) {
            transport.close();
        }
    }
}
