package io.llmrouter.core.upstream;

import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.security.SsrfGuard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves upstream host names and refuses any whose answers include a private, loopback, link-local or metadata
 * address (SSRF guard at connect time). Answers are cached for {@link #TTL_NANOS}, so the blocking JDK resolver runs
 * on a worker thread at most once per host and minute, never on the request path in steady state.
 */
public final class GuardedResolver {

    /** How long a checked answer is reused. */
    static final long TTL_NANOS = 60_000_000_000L;

    private record Checked(InetAddress address, RouterException refusal, long expiresAt) {
    }

    private final Vertx vertx;
    private final ConcurrentHashMap<String, Checked> cache = new ConcurrentHashMap<>();

    public GuardedResolver(Vertx vertx) {
        this.vertx = vertx;
    }

    public Future<InetAddress> resolvePublic(String host) {
        Checked hit = cache.get(host);
        long now = System.nanoTime();
        if (hit != null && now - hit.expiresAt() < 0) {
            return hit.refusal() != null ? Future.failedFuture(hit.refusal()) : Future.succeededFuture(hit.address());
        }
        if (SsrfGuard.isPrivate(host)) {
            return Future.failedFuture(refusal(host));
        }
        return vertx.executeBlocking(() -> check(host), false);
    }

    private InetAddress check(String host) {
        long expires = System.nanoTime() + TTL_NANOS;
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (InetAddress a : all) {
            if (SsrfGuard.isPrivateAddress(a)) {
                RouterException refusal = refusal(host);
                cache.put(host, new Checked(null, refusal, expires));
                throw refusal;
            }
        }
        cache.put(host, new Checked(all[0], null, expires));
        return all[0];
    }

    private static RouterException refusal(String host) {
        return new RouterException(new ApiError(ErrorKind.BAD_GATEWAY, 502,
                "upstream host " + host + " resolves to a private address; refused (SSRF guard)", "ssrf_refused"));
    }
}
