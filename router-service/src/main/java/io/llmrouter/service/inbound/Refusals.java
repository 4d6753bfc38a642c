package io.llmrouter.service.inbound;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.core.routing.Replies;
import io.llmrouter.core.routing.RoutedResponse;
import io.llmrouter.service.gateway.CallerProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The answers the connection guard writes itself, below Vert.x: each in the protocol the request's path and headers
 * speak (OpenAI's when there is no request head to go by), with the HTTP status of the refusal, and
 * {@code Connection: close}, since the connection is closed right after.
 */
final class Refusals {

    /** How soon a client refused for too many connections may try again. */
    private static final long RETRY_AFTER_MILLIS = 1_000;

    private final Replies replies;

    Refusals(Replies replies) {
        this.replies = replies;
    }

    /** A refusal of {@code head} (null when no head was read) as a response for the HTTP codec to write. */
    FullHttpResponse response(HttpRequest head, HttpResponseStatus status, ErrorKind kind, String message) {
        Protocol protocol = head == null ? Protocol.OPENAI
                : CallerProtocol.of(new QueryStringDecoder(head.uri()).path(), name -> head.headers().get(name));
        RoutedResponse.Complete error = replies.refuse(protocol, ApiError.of(kind, message));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(error.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, error.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, error.body().length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    /**
     * A refusal written straight to the socket, before anything was read (too many connections), with
     * {@code Retry-After}: the bytes of an HTTP/1.1 response in OpenAI's format.
     */
    ByteBuf raw(HttpResponseStatus status, ErrorKind kind, String message) {
        RoutedResponse.Complete error = replies.refuse(Protocol.OPENAI, ApiError.of(kind, message),
                RETRY_AFTER_MILLIS);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n")
                .append("content-type: ").append(error.contentType()).append("\r\n")
                .append("content-length: ").append(error.body().length).append("\r\n");
        error.headers().forEach((name, value) -> head.append(name.toLowerCase(Locale.ROOT)).append(": ")
                .append(value).append("\r\n"));
        head.append("connection: close\r\n\r\n");
        return Unpooled.wrappedBuffer(head.toString().getBytes(StandardCharsets.ISO_8859_1), error.body());
    }
}
