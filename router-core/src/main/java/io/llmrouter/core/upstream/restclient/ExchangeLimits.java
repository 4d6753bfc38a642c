package io.llmrouter.core.upstream.restclient;

import io.llmrouter.core.upstream.UpstreamLimits;
import io.llmrouter.core.wire.BodyCollector;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.function.Consumer;

/**
 * Holds every exchange of the REST client to the {@link UpstreamLimits}, from inside the client, where the answer
 * arrives: the client buffers a complete answer (and any non-2xx answer, streamed or not) with no limit of its own.
 * Registered as the client's request customizer, it resets an exchange whose answer declares or reaches more than
 * {@link UpstreamLimits#maxResponseBytes()} (it counts the chunks alongside the client's own buffering, which it
 * does not replace), and one still running after {@link UpstreamLimits#maxDuration()}. A 2xx stream is counted by the
 * client's streaming reader instead, which takes the chunk handler over: its lines and events are bounded by the
 * decoder, its length by the duration.
 */
final class ExchangeLimits implements Consumer<HttpClientRequest> {

    private final Vertx vertx;
    private final UpstreamLimits limits;

    ExchangeLimits(Vertx vertx, UpstreamLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    @Override
    public void accept(HttpClientRequest request) {
        long timer = vertx.setTimer(Math.max(1, limits.maxDuration().toMillis()),
                id -> request.reset(0, limits.tooLong()));
        request.response().onComplete(head -> {
            if (head.failed()) {
                vertx.cancelTimer(timer);
                return;
            }
            HttpClientResponse response = head.result();
            response.end().onComplete(done -> vertx.cancelTimer(timer));
            long limit = limits.maxResponseBytes();
            String declared = response.getHeader("Content-Length");
            if (declared != null && isLonger(declared, limit)) {
                request.reset(0, BodyCollector.tooLarge(limit));
                return;
            }
            long[] received = {0};
            response.handler(chunk -> {
                received[0] += chunk.length();
                if (received[0] > limit) {
                    response.handler(null);
                    request.reset(0, BodyCollector.tooLarge(limit));
                }
            });
        });
    }

    private static boolean isLonger(String declared, long limit) {
        try {
            return Long.parseLong(declared.strip()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
