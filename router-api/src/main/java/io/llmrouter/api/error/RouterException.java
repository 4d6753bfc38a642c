package io.llmrouter.api.error;

/**
 * An error that reaches the caller in its own protocol's format. Carries no stack trace: these are
 * expected outcomes (bad input, unknown model, upstreams down), not bugs.
 */
public class RouterException extends RuntimeException {

    private final transient ApiError error;
    private final long retryAfterMillis;

    public RouterException(ApiError error) {
        this(error, -1);
    }

    public RouterException(ApiError error, long retryAfterMillis) {
        super(error.message(), null, false, false);
        this.error = error;
        this.retryAfterMillis = retryAfterMillis;
    }

    /** The error to encode for the client. */
    public ApiError error() {
        return error;
    }

    /** Delay to advertise in {@code Retry-After}, or -1 when none applies. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    /** The caller sent something malformed: 400. */
    public static RouterException invalidRequest(String message) {
        return new RouterException(ApiError.of(ErrorKind.INVALID_REQUEST, message));
    }

    /** No endpoint of the tenant serves the model: 404 {@code model_not_found}. */
    public static RouterException modelNotFound(String model) {
        return new RouterException(new ApiError(ErrorKind.NOT_FOUND, 404,
                "The model '" + Echo.of(model) + "' is not served by this router", "model_not_found"));
    }
}
