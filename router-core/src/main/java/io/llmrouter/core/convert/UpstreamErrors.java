package io.llmrouter.core.convert;

import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.Echo;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.core.security.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What of an upstream's error reaches the caller (docs/operations.md, "Upstream errors"). The rule:
 *
 * <ul>
 *   <li><b>The caller's own error</b> (a 4xx that the same request would get from any endpoint: 400, 404, 413, 422;
 *       in a stream, an invalid-request or not-found error): the upstream's message is relayed, because it is about
 *       the caller's own request ("max_tokens is too large") and the caller needs it to fix that request. Key-like
 *       fragments are masked ({@link Redactor}) and the message is cut at {@link #MAX_MESSAGE} characters.</li>
 *   <li><b>Everything else</b> (401, 402, 403, out-of-quota 429, 5xx, 529, errors inside a stream): these are about
 *       the tenant's upstream account or the provider, never the caller's fault, and their text is where providers
 *       quote the key they refused ("Incorrect API key provided: sk-proj-****abcd"). The caller gets the status and
 *       the provider's error type or code only: {@code upstream openai-main answered 401 (invalid_api_key)}.</li>
 *   <li>A provider's code travels only when it looks like one: letters, digits, {@code _ . -}, at most
 *       {@value #MAX_CODE} characters.</li>
 *   <li>The operators' log gets the whole body as one line ({@link #logged}), redacted the same way and bounded.</li>
 * </ul>
 */
public final class UpstreamErrors {

    /** Longest upstream message relayed to a caller, in characters. */
    public static final int MAX_MESSAGE = 500;
    /** Longest provider error code relayed to a caller. */
    public static final int MAX_CODE = 64;
    /** Longest upstream error body written to the log, in characters. */
    public static final int MAX_LOGGED = 2_000;

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.\\-]{1," + MAX_CODE + "}");
    /** Line breaks and other control characters: a logged body stays one line that no upstream can forge. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]+");

    private UpstreamErrors() {
    }

    /**
     * An upstream error about the caller's own request, as the caller gets it: the message redacted (also of the
     * exact key the call was made with) and bounded, the code kept when it looks like one.
     */
    public static ApiError relayed(ApiError upstream, String secret) {
        String message = Redactor.redact(Echo.of(upstream.message(), MAX_MESSAGE * 4), secret);
        return new ApiError(upstream.kind(), upstream.status(), Echo.of(message, MAX_MESSAGE), code(upstream.code()));
    }

    /**
     * An upstream error that is not the caller's fault, as the caller gets it: which endpoint, the status, the
     * provider's type or code; none of the upstream's text.
     */
    public static ApiError withheld(ApiError upstream, String endpoint, int status) {
        String code = code(upstream.code());
        return new ApiError(upstream.kind(), upstream.status(), "upstream " + endpoint + " answered " + status
                + (code == null ? "" : " (" + code + ")"), code);
    }

    /**
     * An error event an upstream sent inside a stream, as the client's stream carries it on: relayed when it is about
     * the caller's request (an invalid request, a content filter), otherwise its type or code only.
     */
    public static ApiError inStream(ApiError upstream) {
        ErrorKind kind = upstream.kind();
        if (kind == ErrorKind.INVALID_REQUEST || kind == ErrorKind.NOT_FOUND || kind == ErrorKind.UNPROCESSABLE
                || kind == ErrorKind.REQUEST_TOO_LARGE) {
            return relayed(upstream, null);
        }
        String code = code(upstream.code());
        return new ApiError(kind, upstream.status(), "the upstream reported an error mid-stream"
                + (code == null ? "" : " (" + code + ")"), code);
    }

    /** An upstream error body as one log line: control characters collapsed, key-like fragments masked, bounded. */
    public static String logged(byte[] body, String secret) {
        if (body == null || body.length == 0) {
            return "(empty body)";
        }
        // Decode no more than can be logged (UTF-8 is at most 4 bytes a character), plus room for a key to be whole.
        int length = Math.min(body.length, MAX_LOGGED * 4);
        String text = CONTROL.matcher(new String(body, 0, length, StandardCharsets.UTF_8)).replaceAll(" ").strip();
        return Echo.of(Redactor.redact(text, secret), MAX_LOGGED);
    }

    /** The provider's code when it looks like one, else null. */
    static String code(String code) {
        return code != null && CODE.matcher(code).matches() ? code : null;
    }
}
