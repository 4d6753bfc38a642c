package io.llmrouter.service.routes;

import io.llmrouter.core.wire.WrappedBuffers;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.Flow;
import org.jboss.logging.Logger;

/**
 * Writes the frames of a stream to a chunked response as they come, one frame requested at a time: the next frame is
 * asked for once the socket can take it (Vert.x's write queue and drain handler). The demand reaches the upstream
 * read (the Vert.x transport's {@code DemandDrivenBody}), so a slow caller slows its upstream down instead of the
 * answer piling up in the router. A caller that closes the connection cancels the stream, and so the upstream call.
 */
final class StreamWriter implements Flow.Subscriber<byte[]> {

    private static final Logger LOG = Logger.getLogger(StreamWriter.class);

    private final HttpServerResponse response;
    private final Runnable cutShort;
    private Flow.Subscription subscription;

    /** {@code cutShort} ends the response early when the stream fails after its head was sent. */
    StreamWriter(HttpServerResponse response, Runnable cutShort) {
        this.response = response;
        this.cutShort = cutShort;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        response.closeHandler(closed -> subscription.cancel());
        subscription.request(1);
    }

    @Override
    public void onNext(byte[] frame) {
        if (response.closed()) {
            subscription.cancel();
            return;
        }
        response.write(WrappedBuffers.of(frame));
        if (response.writeQueueFull()) {
            response.drainHandler(drained -> subscription.request(1));
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable failure) {
        // Upstream failures arrive as error frames of the client's protocol; a failure here is a router bug. The head
        // is out, so the only honest signal left is to cut the stream short.
        LOG.error("Stream failed after its head was sent; closing the connection", failure);
        if (!response.closed()) {
            cutShort.run();
        }
    }

    @Override
    public void onComplete() {
        if (!response.closed()) {
            response.end();
        }
    }
}
