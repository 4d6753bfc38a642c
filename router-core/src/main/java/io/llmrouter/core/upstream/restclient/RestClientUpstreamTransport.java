package io.llmrouter.core.upstream.restclient;

import io.llmrouter.core.upstream.GuardedResolver;
import io.llmrouter.core.upstream.TransportOptions;
import io.llmrouter.core.upstream.UpstreamTransport;
import io.llmrouter.core.upstream.UrlCache;
import io.llmrouter.core.upstream.VertxUpstreamTransport;
import io.llmrouter.core.wire.HeaderLookup;
import io.llmrouter.core.wire.UpstreamRequest;
import io.llmrouter.core.wire.UpstreamResponse;
import io.llmrouter.core.wire.UpstreamStream;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

/**
 * The upstream transport on the Quarkus REST client: {@link UpstreamApi} clients per upstream origin, built with
 * {@link QuarkusRestClientBuilder} on first use and cached, with the configured timeouts and redirects off; whole
 * answers share kept-alive connections, each stream has a connection of its own. Calls run on the caller's Vert.x
 * event loop; streamed bodies are emitted chunk by chunk as they arrive; {@link ExchangeLimits} holds every exchange
 * to the size and duration limits. When private upstreams are not allowed, the
 * host's DNS answers are checked by {@link GuardedResolver} before each call (cached for a minute); unlike
 * {@link VertxUpstreamTransport}, the connection is not pinned to the checked address, because the REST client
 * resolves the host itself.
 */
public final class RestClientUpstreamTransport implements UpstreamTransport {

    private static final BiConsumer<Integer, HeaderLookup> IGNORE_HEAD = (status, headers) -> { };

    private final TransportOptions options;
    private final GuardedResolver resolver;
    private final ExchangeLimits limits;
    private final ExchangeFilter filter = new ExchangeFilter();
    /** Per origin: kept-alive connections for whole answers. */
    private final Map<String, UpstreamApi> clients = new ConcurrentHashMap<>();
    /** Per origin: a connection per stream, see {@link #streamApi}. */
    private final Map<String, UpstreamApi> streamClients = new ConcurrentHashMap<>();
    private final UrlCache<URI> uris = new UrlCache<>(URI::create);

    public RestClientUpstreamTransport(Vertx vertx, TransportOptions options) {
        this.options = options;
        this.resolver = new GuardedResolver(vertx);
        this.limits = new ExchangeLimits(vertx, options.limits());
    }

    @Override
    public Uni<UpstreamResponse> send(UpstreamRequest request) {
        URI uri = uris.get(request.url());
        return checked(uri, () -> api(uri).send(new UpstreamExchange(uri, request, IGNORE_HEAD), request.body())
                .map(RestClientUpstreamTransport::response));
    }

    @Override
    public Uni<UpstreamStream> stream(UpstreamRequest request) {
        URI uri = uris.get(request.url());
        return checked(uri, () -> Uni.createFrom().emitter(em -> open(uri, request, em)));
    }

    /**
     * Starts the call and completes {@code head} with status, headers and a body that relays the client's chunks.
     * Chunks arriving before the body is subscribed wait in a queue; cancelling the body (or the head, before it
     * arrived) closes the upstream connection.
     */
    private void open(URI uri, UpstreamRequest request, UniEmitter<? super UpstreamStream> head) {
        UnicastProcessor<byte[]> chunks = UnicastProcessor.create();
        Relay relay = new Relay(chunks, head);
        head.onTermination(relay::cancelIfHeadless);
        UpstreamExchange exchange = new UpstreamExchange(uri, request, (status, headers) -> {
            relay.headArrived();
            head.complete(new UpstreamStream(status, headers, body(chunks, relay)));
        });
        streamApi(uri).stream(exchange, request.body()).subscribe().withSubscriber(relay);
    }

    private Multi<byte[]> body(UnicastProcessor<byte[]> chunks, Relay relay) {
        long idleMillis = options.idleTimeout().toMillis();
        return chunks
                // The client went away or stopped reading: stop paying for tokens nobody reads.
                .onCancellation().invoke(relay::cancel)
                .ifNoItem().after(options.idleTimeout())
                .failWith(() -> new TimeoutException("upstream silent for more than " + idleMillis + " ms"));
    }

    /** Subscribes to the client's chunks and forwards them to the body; fails the head if the call fails before it. */
    private static final class Relay implements Flow.Subscriber<byte[]> {

        private static final Flow.Subscription CANCELLED = new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        };

        private final UnicastProcessor<byte[]> chunks;
        private final UniEmitter<? super UpstreamStream> head;
        private final AtomicReference<Flow.Subscription> upstream = new AtomicReference<>();
        private volatile boolean headArrived;

        Relay(UnicastProcessor<byte[]> chunks, UniEmitter<? super UpstreamStream> head) {
            this.chunks = chunks;
            this.head = head;
        }

        void headArrived() {
            headArrived = true;
        }

        void cancelIfHeadless() {
            if (!headArrived) {
                cancel();
            }
        }

        void cancel() {
            Flow.Subscription s = upstream.getAndSet(CANCELLED);
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            if (!upstream.compareAndSet(null, s)) {
                s.cancel(); // cancelled before the call even started
                return;
            }
            s.request(Long.MAX_VALUE); // the processor queues what the body's subscriber has not asked for yet
        }

        @Override
        public void onNext(byte[] chunk) {
            chunks.onNext(chunk);
        }

        @Override
        public void onError(Throwable failure) {
            if (headArrived) {
                chunks.onError(failure);
                return;
            }
            Response answer = answerOf(failure);
            if (answer != null) {
                // A non-2xx answer: the client read its (small) body and failed the stream with it.
                headArrived = true;
                head.complete(new UpstreamStream(answer.getStatus(), answer::getHeaderString,
                        Multi.createFrom().item(body(answer))));
            } else {
                head.fail(failure);
            }
        }

        private static Response answerOf(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof WebApplicationException wae) {
                    return wae.getResponse();
                }
            }
            return null;
        }

        @Override
        public void onComplete() {
            if (headArrived) {
                chunks.onComplete();
            } else {
                head.fail(new IllegalStateException("upstream answer ended without a head"));
            }
        }
    }

    /** Runs {@code call} after the SSRF check of the host's DNS answers, or at once when private upstreams are allowed. */
    private <T> Uni<T> checked(URI uri, java.util.function.Supplier<Uni<T>> call) {
        if (options.allowPrivateUpstreams()) {
            return call.get();
        }
        return Uni.createFrom().completionStage(() -> resolver.resolvePublic(uri.getHost()).toCompletionStage())
                .chain(ignored -> call.get());
    }

    private static UpstreamResponse response(Response r) {
        return new UpstreamResponse(r.getStatus(), r::getHeaderString, body(r));
    }

    private static byte[] body(Response r) {
        byte[] body = r.hasEntity() ? r.readEntity(byte[].class) : null;
        return body == null ? new byte[0] : body;
    }

    private UpstreamApi api(URI uri) {
        return cached(clients, uri, true);
    }

    /**
     * The client for streams, one connection per stream ({@code Connection: close}). The REST client closes a
     * streamed answer's connection when the stream completes (its Multi reads Mutiny's "cancelled" flag, which a
     * completed emitter also raises), after Vert.x has put that connection back in its pool: a kept-alive pool would
     * hand the closing connection to the next call, which then fails with nothing sent. So streams never share a
     * pool, and whole answers keep theirs.
     */
    private UpstreamApi streamApi(URI uri) {
        return cached(streamClients, uri, false);
    }

    private UpstreamApi cached(Map<String, UpstreamApi> cache, URI uri, boolean keepAlive) {
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        UpstreamApi api = cache.get(origin);
        return api != null ? api : cache.computeIfAbsent(origin, o -> build(o, keepAlive));
    }

    private UpstreamApi build(String origin, boolean keepAlive) {
        long readMillis = Math.max(options.firstByteTimeout().toMillis(), options.idleTimeout().toMillis());
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(origin))
                .connectTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // Vert.x applies it as the longest silence on the connection: waiting for the head included.
                .readTimeout(readMillis, TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .disableDefaultMapper(true)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, options.maxConnectionsPerHost())
                .property(QuarkusRestClientProperties.KEEP_ALIVE_ENABLED, keepAlive)
                .property(QuarkusRestClientProperties.CAPTURE_STACKTRACE, false)
                .register(filter)
                .httpClientRequestCustomizer(limits)
                .build(UpstreamApi.class);
    }

    /** Closes every cached client and its connection pool. */
    @Override
    public void close() {
        close(clients);
        close(streamClients);
    }

    private static void close(Map<String, UpstreamApi> clients) {
        for (UpstreamApi api : clients.values()) {
            if (api instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // Shutting down: nothing left to do with a pool that will not close.
                }
            }
        }
        clients.clear();
    }
}
