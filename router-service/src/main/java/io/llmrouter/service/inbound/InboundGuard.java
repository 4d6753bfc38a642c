package io.llmrouter.service.inbound;

import io.llmrouter.core.routing.Replies;
import io.llmrouter.service.config.RouterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Guards the API port against clients that hold connections without completing requests (slowloris) and against
 * more connections than the router can carry; health and metrics, on the management port, are not behind it and stay
 * answerable. Per connection, the {@link RequestClock} bounds the time to send a request's head, its body and the
 * wait for the next request; the {@link AcceptGuard} limits the connections open at once, in all
 * ({@code router.http.max-connections}) and per client address ({@code router.http.max-connections-per-address}).
 * See docs/operations.md for the settings and what a caller gets over each.
 *
 * <p>Quarkus 3.33 offers no hook per accepted connection: its HTTP server is created and bound inside Quarkus, and
 * its routes see a request only once its head is complete, when a slow client has already held the connection for as
 * long as it liked. So the guard goes into the listening socket's Netty pipeline once the server has started, where
 * it sees each connection as it is accepted. It finds that socket among the channels of Vert.x's acceptor event loop
 * (a Vert.x internal interface), by its port. HTTP/2 in clear text (h2c) is turned off on the API port: an HTTP/2
 * connection would not pass the clock's HTTP/1 view, and the router's clients and its ingress speak HTTP/1.1.
 */
@Singleton
public class InboundGuard implements HttpServerOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(InboundGuard.class);

    private final Vertx vertx;
    private final AcceptGuard acceptGuard;
    private final CompletableFuture<Void> installed = new CompletableFuture<>();
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, Counter> timedOut = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> invalid = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    @Inject
    public InboundGuard(Vertx vertx, RouterConfig config, Replies replies, MeterRegistry registry,
                        @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length") int maxInitialLine,
                        @ConfigProperty(name = "quarkus.http.limits.max-header-size") MemorySize maxHeaders) {
        this.vertx = vertx;
        this.registry = registry;
        RouterConfig.Http http = config.http();
        Refusals refusals = new Refusals(replies);
        RequestClock.Settings clock = new RequestClock.Settings(http.requestHeadTimeout(), http.requestBodyTimeout(),
                http.keepAliveTimeout(), maxInitialLine, maxHeaders.asLongValue(), refusals, new ClockEvents());
        this.acceptGuard = new AcceptGuard(http.maxConnections(), http.maxConnectionsPerAddress(), clock, refusals,
                reason -> counter(refused, reason, "router_http_connections_refused",
                        "Connections refused at accept, by the limit they were over", "reason").increment());
        Gauge.builder("router_http_connections", acceptGuard, AcceptGuard::open)
                .description("Connections open on the API port").register(registry);
    }

    /** The API port speaks HTTP/1.1 in clear text; HTTP/2 remains for TLS, where ALPN negotiates it. */
    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }

    void onHttpStart(@ObservesAsync HttpServerStart start) {
        install(start.options(), true);
    }

    void onHttpsStart(@ObservesAsync HttpsServerStart start) {
        install(start.options(), false);
    }

    /** Completes once the guard watches the API port's plain HTTP socket. */
    public CompletionStage<Void> installed() {
        return installed;
    }

    /** Connections open on the API port now. */
    public int openConnections() {
        return acceptGuard.open();
    }

    private void install(HttpServerOptions options, boolean plain) {
        int port = options.getPort();
        List<CompletableFuture<Boolean>> searches = new ArrayList<>();
        for (EventExecutor executor : ((VertxInternal) vertx).getAcceptorEventLoopGroup()) {
            // A loop's channels are only listed on the loop itself.
            searches.add(CompletableFuture.supplyAsync(() -> guard(executor, port), executor));
        }
        CompletableFuture.allOf(searches.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
            boolean found = failure == null && searches.stream().anyMatch(CompletableFuture::join);
            if (found) {
                LOG.debugf("inbound guard watches port %d", port);
                if (plain) {
                    installed.complete(null);
                }
                return;
            }
            IllegalStateException e = new IllegalStateException("no listening socket on port " + port, failure);
            LOG.warnf("Slow clients and connection limits are not guarded on port %d: %s", port, e.getMessage());
            if (plain) {
                installed.completeExceptionally(e);
            }
        });
    }

    /** Adds the accept guard to the listening sockets of {@code port} registered with this acceptor loop. */
    private boolean guard(EventExecutor executor, int port) {
        if (!(executor instanceof SingleThreadEventLoop loop)) {
            return false;
        }
        boolean any = false;
        for (Iterator<Channel> channels = loop.registeredChannelsIterator(); channels.hasNext(); ) {
            Channel channel = channels.next();
            if (channel instanceof ServerChannel && channel.localAddress() instanceof InetSocketAddress local
                    && local.getPort() == port) {
                if (channel.pipeline().get(AcceptGuard.NAME) == null) {
                    channel.pipeline().addFirst(AcceptGuard.NAME, acceptGuard);
                }
                any = true;
            }
        }
        return any;
    }

    private Counter counter(Map<String, Counter> counters, String key, String name, String description, String tag) {
        return counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tag(tag, k)
                .register(registry));
    }

    /** Counts what the connections' clocks report. */
    private final class ClockEvents implements RequestClock.Events {

        @Override
        public void timedOut(String phase) {
            counter(timedOut, phase, "router_http_requests_timed_out",
                    "Connections closed for a request not received in time, by phase (head, body, idle)", "phase")
                    .increment();
        }

        @Override
        public void invalid(int status) {
            invalid.computeIfAbsent(status, s -> Counter.builder("router_http_requests_invalid")
                    .description("Requests the HTTP codec could not decode, by the status answered")
                    .tag("status", Integer.toString(s)).register(registry)).increment();
        }
    }
}
