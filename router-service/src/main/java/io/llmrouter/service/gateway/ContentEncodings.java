package io.llmrouter.service.gateway;

import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.Echo;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Request bodies sent with {@code Content-Encoding: gzip} or {@code deflate}, decoded here rather than by the HTTP
 * layer: Netty's decompressor closes the connection on a corrupt body, where the caller should get a 400 in its own
 * format. The decoded size counts against the body limit as it grows, so a small compressed body cannot expand past
 * it (a 413); any other encoding is a 415.
 */
final class ContentEncodings {

    /** An encoding name is short; this is enough to show what was sent. */
    private static final int MAX_SHOWN = 40;

    private ContentEncodings() {
    }

    /**
     * The body as sent before {@code encoding} (the {@code Content-Encoding} header, null for none).
     *
     * @throws RouterException 400 for data that is not what the encoding says, 413 past {@code limit} decoded bytes,
     *                         415 for an encoding other than gzip, deflate or identity
     */
    static byte[] decode(String encoding, byte[] body, long limit) {
        if (encoding == null) {
            return body;
        }
        String name = encoding.trim().toLowerCase(Locale.ROOT);
        try {
            return switch (name) {
                case "", "identity" -> body;
                case "gzip", "x-gzip" -> read(new GZIPInputStream(new ByteArrayInputStream(body)), limit);
                // RFC 9110's deflate is zlib-wrapped; some clients send the raw stream, which zlib's header check
                // refuses at once, so that is tried second.
                case "deflate" -> deflate(body, limit);
                default -> throw new RouterException(ApiError.of(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding '"
                        + Echo.of(encoding, MAX_SHOWN) + "' is not supported: send the body uncompressed, or as gzip or deflate"));
            };
        } catch (IOException e) {
            throw RouterException.invalidRequest("Request body is not valid " + name + " data (Content-Encoding: "
                    + Echo.of(encoding, MAX_SHOWN) + ")");
        }
    }

    private static byte[] deflate(byte[] body, long limit) throws IOException {
        try {
            return read(new InflaterInputStream(new ByteArrayInputStream(body)), limit);
        } catch (IOException zlib) {
            return read(new InflaterInputStream(new ByteArrayInputStream(body), new Inflater(true)), limit);
        }
    }

    private static byte[] read(InputStream in, long limit) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) > 0; ) {
                if (out.size() + (long) n > limit) {
                    throw new RouterException(ApiError.of(ErrorKind.REQUEST_TOO_LARGE,
                            "Request body exceeds the limit of " + limit + " bytes once decoded"));
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        }
    }

}
