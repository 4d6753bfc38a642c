package io.llmrouter.service.routes;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Cuts short a response whose head is already out, so that the caller sees a truncated answer rather than a complete
 * one. Over HTTP/1.x that means closing the connection: Vert.x's {@code response.reset()} would do so too, but it marks
 * the response closed first, so the close that follows runs none of its close and end handlers, and Quarkus, which
 * counts a request done in those handlers, would wait for it at shutdown for the whole
 * {@code quarkus.shutdown.timeout}. Over HTTP/2 the stream alone is reset; the connection carries other calls.
 */
final class StreamCut {

    private StreamCut() {
    }

    static void cut(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2) {
            request.response().reset();
        } else {
            request.connection().close();
        }
    }
}
