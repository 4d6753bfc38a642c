package io.llmrouter.service.routes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/** The body length a request declares in {@code Content-Length}, so that an oversized body is refused unread. */
final class DeclaredLength {

    private DeclaredLength() {
    }

    /** The declared length, or -1 when there is none (chunked, no body); the HTTP layer refuses a malformed one. */
    static long of(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
