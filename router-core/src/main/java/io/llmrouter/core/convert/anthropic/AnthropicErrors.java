package io.llmrouter.core.convert.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.core.convert.DecodedError;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.core.failure.ErrorFacts;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.security.Redactor;
import java.io.IOException;
import java.util.Locale;

/**
 * Anthropic error bodies {@code {"type":"error","error":{"type","message"},"request_id"}} to {@link ApiError} and
 * back, with the status mapping of docs/protocols.md#errors.
 */
final class AnthropicErrors {

    private AnthropicErrors() {
    }

    /** Decodes an upstream error body of any shape, and what it says of the account; never throws. */
    static DecodedError decode(int status, byte[] body) {
        JsonNode root = null;
        if (body != null && body.length > 0) {
            try {
                root = Json.tree(body);
            } catch (IOException | RuntimeException e) {
                root = null;
            }
        }
        JsonNode error = root == null ? null : root.get("error");
        if (error != null && error.isObject()) {
            return new DecodedError(fromErrorObject(status, error), facts(error));
        }
        String message = root != null && root.path("message").isTextual() ? root.get("message").asText()
                : "upstream returned HTTP " + status;
        return DecodedError.of(new ApiError(ErrorKind.fromStatus(status), status, Redactor.redact(message), null));
    }

    /**
     * Whether the error blames the account rather than the request: {@code billing_error}, or an
     * {@code invalid_request_error} saying the credit balance is too low or a spend limit was reached ("Your credit
     * balance is too low...", "You have reached your specified API usage limits..."). The same request would
     * succeed on another endpoint, so these fail over like a bad key instead of reaching the caller.
     */
    private static ErrorFacts facts(JsonNode error) {
        if ("billing_error".equals(error.path("type").asText(null))) {
            return ErrorFacts.badKey("billing_error");
        }
        String message = error.path("message").asText("").toLowerCase(Locale.ROOT);
        return message.contains("credit balance is too low")
                || message.contains("reached your specified api usage limits")
                || message.contains("reached your specified workspace api usage limits")
                ? ErrorFacts.accountExhausted() : ErrorFacts.NONE;
    }

    /**
     * Decodes the inner {@code error} object; {@code status} 0 (an in-stream error) takes the status of the type.
     * A 429 whose {@code details.error_code} is {@code enforced_spend_limit_reached} is a spend limit, not a rate
     * limit: waiting until next month does not help, so it is QUOTA_EXHAUSTED.
     */
    static ApiError fromErrorObject(int status, JsonNode error) {
        String type = error.path("type").isTextual() ? error.get("type").asText() : null;
        String message = error.path("message").isTextual() ? error.get("message").asText() : null;
        ErrorKind kind = kindOf(type, status);
        if ("enforced_spend_limit_reached".equals(error.path("details").path("error_code").asText(null))) {
            kind = ErrorKind.QUOTA_EXHAUSTED;
        }
        int effective = status > 0 ? status : statusOf(kind);
        return new ApiError(kind, effective, Redactor.redact(message), type);
    }

    private static ErrorKind kindOf(String type, int status) {
        if (type == null) {
            return ErrorKind.fromStatus(status);
        }
        return switch (type) {
            // 413 and 422 also arrive as invalid_request_error; the status is more precise then.
            case "invalid_request_error" -> status == 413 || status == 422 || status == 409
                    ? ErrorKind.fromStatus(status) : ErrorKind.INVALID_REQUEST;
            case "authentication_error" -> ErrorKind.AUTHENTICATION;
            case "permission_error" -> ErrorKind.PERMISSION;
            case "not_found_error" -> ErrorKind.NOT_FOUND;
            case "request_too_large" -> ErrorKind.REQUEST_TOO_LARGE;
            case "rate_limit_error" -> ErrorKind.RATE_LIMITED;
            case "billing_error" -> ErrorKind.QUOTA_EXHAUSTED;
            case "timeout_error" -> ErrorKind.TIMEOUT;
            case "overloaded_error" -> ErrorKind.UNAVAILABLE;
            // api_error also arrives with 502/503/504, whose status says more.
            case "api_error" -> status > 500 ? ErrorKind.fromStatus(status) : ErrorKind.INTERNAL;
            default -> status > 0 ? ErrorKind.fromStatus(status) : ErrorKind.INTERNAL;
        };
    }

    /** The Anthropic {@code error.type} for a kind. */
    static String typeOf(ErrorKind kind) {
        return switch (kind) {
            case AUTHENTICATION -> "authentication_error";
            case PERMISSION -> "permission_error";
            case NOT_FOUND, UNKNOWN_ROUTE -> "not_found_error";
            case REQUEST_TOO_LARGE -> "request_too_large";
            case RATE_LIMITED -> "rate_limit_error";
            case QUOTA_EXHAUSTED -> "billing_error";
            case INTERNAL, BAD_GATEWAY -> "api_error";
            case UNAVAILABLE -> "overloaded_error";
            case TIMEOUT -> "timeout_error";
            default -> "invalid_request_error";
        };
    }

    /**
     * The status Anthropic clients expect for a kind. UNAVAILABLE is 529 {@code overloaded_error} (Anthropic's own
     * non-standard code; SDKs retry it). QUOTA_EXHAUSTED is 402 {@code billing_error}, the type and status
     * Anthropic documents for billing problems: unlike 429 it is not retried by the SDKs, which is right for credit
     * that waiting will not bring back.
     */
    static int statusOf(ErrorKind kind) {
        return switch (kind) {
            case AUTHENTICATION -> 401;
            case QUOTA_EXHAUSTED -> 402;
            case PERMISSION -> 403;
            case NOT_FOUND, UNKNOWN_ROUTE -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case REQUEST_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case UNPROCESSABLE -> 422;
            case RATE_LIMITED -> 429;
            case INTERNAL -> 500;
            case BAD_GATEWAY -> 502;
            case TIMEOUT -> 504;
            case UNAVAILABLE -> 529;
            default -> 400;
        };
    }

    /** The inner {@code {"type":"error","error":{...}}} body, also used for in-stream {@code event: error}. */
    static ObjectNode body(ApiError error) {
        ObjectNode root = Json.object();
        root.put("type", "error");
        ObjectNode e = root.putObject("error");
        e.put("type", typeOf(error.kind()));
        e.put("message", Redactor.redactMarked(error.message()));
        return root;
    }

    /** Encodes an error for an Anthropic client. */
    static EncodedError encode(ApiError error) {
        return new EncodedError(statusOf(error.kind()), "application/json", Json.bytes(body(error)));
    }
}
