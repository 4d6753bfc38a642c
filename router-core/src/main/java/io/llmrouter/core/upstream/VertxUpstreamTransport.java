package io.llmrouter.core.upstream;

import io.llmrouter.core.wire.BodyCollector;
import io.llmrouter.core.wire.HeaderLookup;
import io.llmrouter.core.wire.UpstreamRequest;
import io.llmrouter.core.wire.UpstreamResponse;
import io.llmrouter.core.wire.UpstreamStream;
import io.llmrouter.core.wire.WrappedBuffers;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The upstream transport on Vert.x's HTTP client: callbacks run on the caller's event loop, connections are pooled
 * and kept alive per host and per event loop ({@link LoopAffineClients}, so a call's exchange stays on its caller's
 * thread), bodies stream chunk by chunk as the caller asks for them ({@link DemandDrivenBody}), redirects are never
 * followed. When private upstreams are not allowed, every host's DNS answers are checked by {@link GuardedResolver}
 * and the request is pinned to the checked address, so a DNS rebinding between check and connect cannot reach an
 * internal address.
 */
public final class VertxUpstreamTransport implements UpstreamTransport {

    private final Vertx vertx;
    private final LoopAffineClients clients;
    private final TransportOptions options;
    private final GuardedResolver resolver;
    private final UrlCache<Target> targets = new UrlCache<>(Target::parse);

    private static final Handler<Throwable> IGNORE = t -> { };

    /** Where a URL points: scheme, host, port and the request target. */
    private record Target(boolean tls, String host, int port, String pathAndQuery) {

        static Target parse(String url) {
            URI uri = URI.create(url);
            boolean tls = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80);
            String pathAndQuery = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return new Target(tls, uri.getHost(), port, pathAndQuery);
        }
    }

    public VertxUpstreamTransport(Vertx vertx, TransportOptions options) {
        this.vertx = vertx;
        this.options = options;
        HttpClientOptions http = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setPipelining(false)
                .setConnectTimeout((int) options.connectTimeout().toMillis())
                .setDecompressionSupported(false)
                .setForceSni(true)
                .setVerifyHost(true)
                .setTcpNoDelay(true);
        this.clients = new LoopAffineClients(vertx, http, options.maxConnectionsPerHost());
        this.resolver = new GuardedResolver(vertx);
    }

    /**
     * Collects the answer up to {@link UpstreamLimits#maxResponseBytes()}: an answer declaring a larger
     * {@code Content-Length} is refused before its body is read, and one that passes the limit while it arrives is
     * refused at that chunk; either way the exchange is reset, so nothing more is read.
     */
    @Override
    public Uni<UpstreamResponse> send(UpstreamRequest request) {
        long limit = options.limits().maxResponseBytes();
        return exchange(request, (head, inFlight, emitter) -> {
            // Paused at its head (see open): collect the body, then let it flow.
            HttpClientResponse resp = head.response();
            if (declaredLength(resp) > limit) {
                refuse(head, inFlight, emitter, BodyCollector.tooLarge(limit));
                return;
            }
            BodyCollector body = new BodyCollector(limit);
            resp.handler(chunk -> {
                head.deadline().chunk();
                if (!body.add(chunk)) {
                    refuse(head, inFlight, emitter, body.overLimit());
                }
            });
            resp.exceptionHandler(t -> {
                head.deadline().end();
                inFlight.set(null);
                emitter.fail(t);
            });
            resp.endHandler(v -> {
                head.deadline().end();
                inFlight.set(null);
                emitter.complete(new UpstreamResponse(resp.statusCode(), headers(resp.headers()), body.bytes()));
            });
            resp.resume();
        });
    }

    /** Stops reading an answer the router will not take, resets its exchange and fails the call with {@code why}. */
    private static void refuse(Head head, AtomicReference<HttpClientRequest> inFlight,
                               UniEmitter<? super UpstreamResponse> emitter, Throwable why) {
        head.deadline().end();
        HttpClientRequest req = inFlight.getAndSet(null);
        if (req != null) {
            abort(req, head.response());
        }
        emitter.fail(why);
    }

    /** The {@code Content-Length} the answer declares, or -1 when it declares none (or nonsense). */
    private static long declaredLength(HttpClientResponse resp) {
        String length = resp.getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public Uni<UpstreamStream> stream(UpstreamRequest request) {
        return exchange(request, (head, inFlight, emitter) -> {
            HttpClientRequest req = inFlight.getAndSet(null);
            HttpClientResponse resp = head.response();
            // Called on the connection's event loop, which the body's reading then stays on.
            Multi<byte[]> body = Multi.createFrom().publisher(
                    new DemandDrivenBody(req, resp, head.deadline(), Vertx.currentContext()));
            emitter.complete(new UpstreamStream(resp.statusCode(), headers(resp.headers()), body));
        });
    }

    /** A response whose head arrived, and the deadline that now watches its body. */
    private record Head(HttpClientResponse response, ExchangeDeadline deadline) {
    }

    /** What a call does with the upstream's response once its head arrived. */
    private interface OnResponse<T> {
        void accept(Head head, AtomicReference<HttpClientRequest> inFlight, UniEmitter<? super T> emitter);
    }

    /**
     * One upstream call as a Uni: connect and send, hand the response to {@code onResponse}, and abort the request if
     * the Uni terminates while it is still in flight (the caller went away, or it failed before an answer was handed
     * over). {@code onResponse} clears {@code inFlight} once the answer is complete or handed on.
     */
    private <T> Uni<T> exchange(UpstreamRequest request, OnResponse<T> onResponse) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
            emitter.onTermination(() -> {
                HttpClientRequest r = inFlight.get();
                if (r != null) {
                    abort(r, null);
                }
            });
            open(request, inFlight).onComplete(ar -> {
                if (ar.failed()) {
                    emitter.fail(ar.cause());
                    return;
                }
                onResponse.accept(ar.result(), inFlight, emitter);
            });
        });
    }

    /**
     * Connects and sends. The response is paused by a listener on the request's own response future, which Vert.x
     * runs on the connection's event loop as the head arrives, before any body chunk: the caller's callback may run
     * later (as a queued task), and a small answer could otherwise be read to its end, with no handler to receive
     * it, before anyone listened. Callers resume it once their handlers are in place. From the send on, an
     * {@link ExchangeDeadline} watches the wait for the head and then the body.
     */
    private Future<Head> open(UpstreamRequest request, AtomicReference<HttpClientRequest> inFlight) {
        Target target = targets.get(request.url());
        boolean tls = target.tls();
        int port = target.port();
        String host = target.host();
        String pathAndQuery = target.pathAndQuery();
        Future<InetAddress> address = options.allowPrivateUpstreams() ? Future.succeededFuture(null)
                : resolver.resolvePublic(host);
        return address.compose(ip -> {
            RequestOptions ro = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setHost(host)
                    .setPort(port)
                    .setSsl(tls)
                    .setURI(pathAndQuery)
                    .setFollowRedirects(false)
                    .setConnectTimeout(options.connectTimeout().toMillis());
            if (ip != null) {
                ro.setServer(SocketAddress.inetSocketAddress(port, ip.getHostAddress()));
            }
            for (Map.Entry<String, String> h : request.headers().entrySet()) {
                ro.putHeader(h.getKey(), h.getValue());
            }
            return clients.current().request(ro);
        }).compose(req -> {
            // Failures reach the response future (and the response's own handler); without a handler here, a
            // failure after the request was sent (e.g. the reset of abort) would be reported as uncaught.
            req.exceptionHandler(IGNORE);
            inFlight.set(req);
            ExchangeDeadline deadline = ExchangeDeadline.start(vertx, req, options);
            req.response().onSuccess(resp -> {
                resp.pause();
                deadline.headArrived();
            });
            return req.send(WrappedBuffers.of(request.body()))
                    .onFailure(t -> deadline.end())
                    .map(resp -> new Head(resp, deadline));
        });
    }

    /** Resets a request whose result nobody waits for any more, without the reset surfacing as an error. */
    static void abort(HttpClientRequest req, HttpClientResponse resp) {
        // The request's exception handler was set before it was sent: once sent, it can no longer be set.
        if (resp != null) {
            resp.exceptionHandler(t -> { });
            resp.handler(null);
            resp.endHandler(null);
        }
        req.reset();
    }

    private static HeaderLookup headers(MultiMap headers) {
        return headers::get;
    }

    /** Closes the connection pool. */
    @Override
    public void close() {
        clients.close();
    }
}
