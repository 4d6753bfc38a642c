package io.llmrouter.service.inbound;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.service.resource.CallerProtocol;
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

/**
 * The answers the connection guard writes itself, below Vert.x: each in the protocol the request's path and headers
 * speak (OpenAI's when there is no request head to go by), with the HTTP status of the refusal, and
 * {@code Connection: close}, since the connection is closed right after.
 */
final class Refusals {

    private final Codecs codecs;

    Refusals(Codecs codecs) {
        this.codecs = codecs;
    }

    /** A refusal of {@code head} (null when no head was read) as a response for the HTTP codec to write. */
    FullHttpResponse response(HttpRequest head, HttpResponseStatus status, ErrorKind kind, String message) {
        Protocol protocol = head == null ? Protocol.OPENAI
                : CallerProtocol.of(new QueryStringDecoder(head.uri()).path(), name -> head.headers().get(name));
        EncodedError error = codecs.of(protocol).encodeError(ApiError.of(kind, message));
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
        EncodedError error = codecs.of(Protocol.OPENAI).encodeError(ApiError.of(kind, message));
        String head = "HTTP/1.1 " + status + "\r\n"
                + "content-type: " + error.contentType() + "\r\n"
                + "content-length: " + error.body().length + "\r\n"
                + "retry-after: 1\r\n"
                + "connection: close\r\n\r\n";
        return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.ISO_8859_1), error.body());
    }
}
