package io.llmrouter.service.routes;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Reads a chat request's body into one array as it arrives, and gives up as soon as it passes the limit. Unlike
 * Vert.x Web's body handler it decodes nothing: a form or multipart body is bytes like any other, so a malformed one
 * is a caller's error answered in its format, not a decoder exception.
 */
final class RequestBody {

    private static final Logger LOG = Logger.getLogger(RequestBody.class);
    /** The buffer a body starts in: a declared length is only a claim, so no more is set aside before it arrives. */
    private static final int INITIAL = 16 * 1024;

    private RequestBody() {
    }

    /**
     * Reads the body of {@code request}, then hands it to {@code onBody}; past {@code limit} bytes, stops and runs
     * {@code onTooLarge} instead. A caller that announced {@code Expect: 100-continue} is told to go on first.
     */
    static void read(HttpServerRequest request, long limit, Consumer<byte[]> onBody, Runnable onTooLarge) {
        if (request.isEnded()) {
            onBody.accept(new byte[0]);
            return;
        }
        long declared = DeclaredLength.of(request);
        Buffer body = Buffer.buffer((int) Math.min(INITIAL, declared < 0 ? INITIAL : Math.max(declared, 1)));
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                refused[0] = true;
                request.pause();
                onTooLarge.run();
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (!refused[0]) {
                onBody.accept(body.getBytes());
            }
        });
        // A caller gone mid-body gets no answer; its connection is already closed.
        request.exceptionHandler(failure -> LOG.debugf("request body not received: %s", failure));
        if (request.version() != HttpVersion.HTTP_1_0
                && HttpHeaders.CONTINUE.toString().equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            request.response().writeContinue();
        }
        request.resume();
    }
}
