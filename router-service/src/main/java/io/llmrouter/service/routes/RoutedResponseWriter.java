package io.llmrouter.service.routes;

import io.llmrouter.service.gateway.ChatGateway;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.routing.RoutedResponse;
import io.llmrouter.core.wire.WrappedBuffers;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * Writes a {@link RoutedResponse} to a Vert.x response: a complete answer as one write with its Content-Length, a
 * stream chunked, frame by frame as the upstream delivers them ({@link StreamWriter}). A caller that goes away
 * cancels the call, which cancels the upstream request.
 */
final class RoutedResponseWriter {

    private static final Logger LOG = Logger.getLogger(RoutedResponseWriter.class);

    private RoutedResponseWriter() {
    }

    /** Subscribes to {@code routed} and writes what it yields; a failure (a router bug) becomes a 500. */
    static void write(RoutingContext rc, Protocol protocol, Uni<RoutedResponse> routed, ChatGateway gateway) {
        HttpServerRequest request = rc.request();
        HttpServerResponse response = rc.response();
        Cancellable call = routed.subscribe().with(
                answer -> send(request, response, answer),
                failure -> {
                    LOG.error("Chat call failed outside the router's own error handling", failure);
                    if (!response.headWritten() && !response.closed()) {
                        send(request, response, gateway.internalError(protocol));
                    } else if (!response.closed()) {
                        StreamCut.cut(request);
                    }
                });
        if (!response.ended()) {
            response.closeHandler(closed -> call.cancel());
        }
    }

    private static void send(HttpServerRequest request, HttpServerResponse response, RoutedResponse answer) {
        if (response.closed()) {
            // The caller left while the answer was on its way: a stream is cancelled so that the upstream stops.
            if (answer instanceof RoutedResponse.Streamed stream) {
                stream.frames().subscribe().with(frame -> {
                }).cancel();
            }
            return;
        }
        response.setStatusCode(answer.status());
        response.headers().set(HttpHeaders.CONTENT_TYPE, answer.contentType());
        answer.headers().forEach(response.headers()::set);
        if (answer instanceof RoutedResponse.Streamed stream) {
            response.setChunked(true);
            stream.frames().subscribe().withSubscriber(new StreamWriter(response, () -> StreamCut.cut(request)));
            return;
        }
        byte[] body = ((RoutedResponse.Complete) answer).body();
        if (request.isEnded() || request.version() == HttpVersion.HTTP_2) {
            response.end(WrappedBuffers.of(body));
        } else {
            // Refused before its body was read: reading the rest only to drop it would keep the connection busy for
            // as long as the caller uploads, so it is closed once the answer is out.
            response.headers().set(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            response.end(WrappedBuffers.of(body)).onComplete(written -> request.connection().close());
        }
    }
}
