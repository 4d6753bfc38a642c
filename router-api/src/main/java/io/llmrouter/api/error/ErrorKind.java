package io.llmrouter.api.error;

/**
 * Protocol-neutral error classes. Each codec maps these to its own error type and status;
 * {@link #defaultStatus()} is the HTTP status used when a protocol has no better one.
 */
public enum ErrorKind {
    /** The caller's request is malformed or semantically invalid. */
    INVALID_REQUEST(400),
    /** Missing or unknown credentials. */
    AUTHENTICATION(401),
    /** Credentials valid but not allowed. */
    PERMISSION(403),
    /** Unknown model or resource. */
    NOT_FOUND(404),
    /** No route of the router serves the request's path: a client pointed at the wrong URL, not a missing model. */
    UNKNOWN_ROUTE(404),
    /** The path is a route, but not for the request's HTTP method. */
    METHOD_NOT_ALLOWED(405),
    /** Body larger than allowed. */
    REQUEST_TOO_LARGE(413),
    /** A body the router cannot read as sent, such as a {@code Content-Encoding} it does not decode. */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** Well-formed but unprocessable (e.g. invalid tool generation). */
    UNPROCESSABLE(422),
    /** Too many requests; retry later. */
    RATE_LIMITED(429),
    /** Out of credit or quota: a 429 that will not go away by waiting. */
    QUOTA_EXHAUSTED(429),
    /** Something failed inside the upstream or the router. */
    INTERNAL(500),
    /** No upstream produced a usable answer (attempts exhausted). */
    BAD_GATEWAY(502),
    /** The upstream or every candidate is unavailable or overloaded. */
    UNAVAILABLE(503),
    /** The upstream did not answer in time. */
    TIMEOUT(504);

    private final int defaultStatus;

    ErrorKind(int defaultStatus) {
        this.defaultStatus = defaultStatus;
    }

    /** The HTTP status this kind maps to unless a protocol says otherwise. */
    public int defaultStatus() {
        return defaultStatus;
    }

    /** The kind a bare HTTP status most likely means. */
    public static ErrorKind fromStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 401 -> AUTHENTICATION;
            case 403 -> PERMISSION;
            case 404 -> NOT_FOUND;
            case 413 -> REQUEST_TOO_LARGE;
            case 408, 504 -> TIMEOUT;
            case 409, 422 -> UNPROCESSABLE;
            case 429 -> RATE_LIMITED;
            case 502 -> BAD_GATEWAY;
            case 503, 529 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : INVALID_REQUEST;
        };
    }
}
