package io.llmrouter.api.error;

/**
 * A protocol-neutral error, decoded from an upstream or raised by the router, encoded in the client's format.
 *
 * @param kind    error class
 * @param status  HTTP status to answer with (the upstream's when it came from one)
 * @param message human-readable message; never contains secrets
 * @param code    provider code when known ({@code insufficient_quota}, {@code API_KEY_INVALID}), else null
 */
public record ApiError(ErrorKind kind, int status, String message, String code) {

    public ApiError {
        if (kind == null) {
            kind = ErrorKind.fromStatus(status);
        }
        if (message == null || message.isBlank()) {
            message = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** An error of this kind with its default status and no provider code. */
    public static ApiError of(ErrorKind kind, String message) {
        return new ApiError(kind, kind.defaultStatus(), message, null);
    }
}
