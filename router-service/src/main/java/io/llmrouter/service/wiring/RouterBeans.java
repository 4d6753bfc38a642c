package io.llmrouter.service.wiring;

import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ConversionSettings;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.governance.WallClock;
import io.llmrouter.core.routing.LlmRouter;
import io.llmrouter.core.routing.LocalAnswers;
import io.llmrouter.core.routing.Offload;
import io.llmrouter.core.routing.Replies;
import io.llmrouter.core.telemetry.CallTracer;
import io.llmrouter.core.telemetry.RouteListener;
import io.llmrouter.core.upstream.TransportOptions;
import io.llmrouter.core.upstream.UpstreamLimits;
import io.llmrouter.core.upstream.UpstreamTransport;
import io.llmrouter.core.upstream.VertxUpstreamTransport;
import io.llmrouter.core.upstream.restclient.RestClientUpstreamTransport;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.service.config.RouterConfig;
import io.llmrouter.service.config.UpstreamLimitsConfig;
import io.llmrouter.service.metrics.RouterMetrics;
import io.llmrouter.service.telemetry.GenAiMetrics;
import io.llmrouter.service.telemetry.UsageRecords;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * Wires the core into the application. router-core is plain Java, built with {@code new} in its own tests; this class
 * is the one place that tells the container how: the codec registry (one codec per protocol, with the conversion
 * settings), the token estimator and the failure classifier, the configured upstream transport, and the router. They
 * are {@code @Singleton}, not {@code @ApplicationScoped}: they are used on every call, and a normal scope would put a
 * client proxy (a context lookup per method call) in front of each.
 */
@ApplicationScoped
public class RouterBeans {

    private UpstreamTransport transport;

    /**
     * Every protocol's codec, made once with {@code router.conversion.*} and the largest answer an upstream may give
     * ({@code router.upstream.max-response-size}).
     */
    @Produces
    @Singleton
    Codecs codecs(RouterConfig config) {
        return Codecs.create(new ConversionSettings(Clock.systemUTC(),
                config.conversion().anthropicDefaultMaxTokens(),
                UpstreamLimitsConfig.of(config.upstream()).maxResponseBytes()));
    }

    /** The refusals the service answers without routing, in the caller's protocol. */
    @Produces
    @Singleton
    Replies replies(Codecs codecs) {
        return new Replies(codecs);
    }

    /** Answers without an upstream, for the provider simulator. */
    @Produces
    @Singleton
    LocalAnswers localAnswers(Codecs codecs) {
        return new LocalAnswers(codecs);
    }

    @Produces
    @Singleton
    TokenEstimator tokenEstimator() {
        return new TokenEstimator();
    }

    @Produces
    @Singleton
    FailureClassifier failureClassifier() {
        return new FailureClassifier();
    }

    /** The clock of breakers and cooldowns; tests replace it with a scripted one. */
    @Produces
    @Singleton
    Ticker ticker() {
        return Ticker.SYSTEM;
    }

    /** The wall clock of limits' windows, budget periods and key expiry; tests replace it with a scripted one. */
    @Produces
    @Singleton
    WallClock wallClock() {
        return WallClock.SYSTEM;
    }

    // The StateStore (in memory or in Redis, by router.state.store) is produced by state.StateStores.

    /** Made at start-up, so that invalid {@code router.upstream.*} settings stop the application there. */
    @Produces
    @Singleton
    @Startup
    UpstreamTransport transport(Vertx vertx, RouterConfig config) {
        TransportOptions options = transportOptions(config);
        transport = switch (config.upstream().transport()) {
            case REST_CLIENT -> new RestClientUpstreamTransport(vertx, options);
            case VERTX -> new VertxUpstreamTransport(vertx, options);
        };
        return transport;
    }

    /**
     * The transport's timeouts and limits from {@code router.upstream.*}.
     *
     * @throws ConfigurationException naming the {@code router.upstream.} property that is out of range
     */
    static TransportOptions transportOptions(RouterConfig config) {
        RouterConfig.Upstream u = config.upstream();
        UpstreamLimits limits = UpstreamLimitsConfig.of(u);
        try {
            return new TransportOptions(u.connectTimeout(), u.firstByteTimeout(), u.idleTimeout(),
                    u.maxConnectionsPerHost(), config.security().allowPrivateUpstreams(), limits);
        } catch (ConfigurationException e) {
            throw e.under("router.upstream");
        }
    }

    @Produces
    @Singleton
    LlmRouter router(Codecs codecs, UpstreamTransport transport, TokenEstimator estimator,
                     FailureClassifier classifier, RouterMetrics metrics, GenAiMetrics genAiMetrics,
                     UsageRecords usageRecords, CallTracer tracer, Offload offload, RouterConfig config) {
        return new LlmRouter(codecs, transport, estimator, classifier,
                RouteListener.all(List.of(metrics, genAiMetrics, usageRecords)), offload,
                UpstreamLimitsConfig.of(config.upstream()), tracer);
    }

    void onStart(@Observes StartupEvent event, RouterConfig config) {
        DroppedFailures.install();
        MutinyContextPropagation.apply(config.contextPropagation());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (transport != null) {
            transport.close();
        }
    }
}
