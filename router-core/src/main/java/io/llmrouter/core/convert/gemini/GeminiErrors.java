package io.llmrouter.core.convert.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.core.convert.DecodedError;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.core.failure.ErrorFacts;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.security.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gemini error bodies {@code {"error":{"code","message","status","details"}}} ↔ {@link ApiError}. The google.rpc
 * {@code status} string decides the kind; a bad API key is a 400 INVALID_ARGUMENT whose ErrorInfo reason is
 * {@code API_KEY_INVALID} (fixtures/gemini/error_400_api_key_invalid.json), which is an authentication failure.
 */
final class GeminiErrors {

    /** A google.protobuf.Duration in JSON: seconds with an {@code s}. */
    private static final Pattern SECONDS = Pattern.compile("(\\d+(?:\\.\\d+)?)s");

    /** Decodes an upstream error, and what it says of the key and when to retry; never throws. */
    DecodedError decode(int status, byte[] body) {
        JsonNode error = errorObject(body);
        if (error == null) {
            return DecodedError.of(new ApiError(ErrorKind.fromStatus(status), status, plainMessage(status, body),
                    null));
        }
        int code = error.path("code").canConvertToInt() ? error.path("code").asInt() : 0;
        int httpStatus = status >= 400 ? status : code >= 400 ? code : 500;
        String rpc = error.path("status").asText(null);
        String reason = reason(error.path("details"));
        String message = Redactor.redact(error.path("message").asText(null));
        ErrorKind kind = kind(rpc, reason, httpStatus);
        return new DecodedError(new ApiError(kind, httpStatus, message, reason != null ? reason : rpc),
                facts(status, error.path("details")));
    }

    /**
     * A bad key is a 400 whose ErrorInfo reason is {@code API_KEY_INVALID}; a 429 may say how long to wait in a
     * {@code RetryInfo} ({@code "retryDelay": "13s"}).
     */
    private static ErrorFacts facts(int status, JsonNode details) {
        String badKey = null;
        long delay = -1;
        for (JsonNode d : details) {
            if (status == 400 && "API_KEY_INVALID".equals(d.path("reason").asText(null))) {
                badKey = "API_KEY_INVALID";
            }
            String type = d.path("@type").asText("");
            String retryDelay = d.path("retryDelay").asText(null);
            if (delay < 0 && type.endsWith("RetryInfo") && retryDelay != null) {
                Matcher m = SECONDS.matcher(retryDelay.trim());
                if (m.matches()) {
                    delay = (long) Math.ceil(Double.parseDouble(m.group(1)) * 1000);
                }
            }
        }
        return badKey == null && delay < 0 ? ErrorFacts.NONE : new ErrorFacts(badKey, null, delay);
    }

    EncodedError encode(ApiError error) {
        int code;
        String rpc;
        switch (error.kind()) {
            case AUTHENTICATION -> { code = 401; rpc = "UNAUTHENTICATED"; }
            case PERMISSION -> { code = 403; rpc = "PERMISSION_DENIED"; }
            case NOT_FOUND, UNKNOWN_ROUTE -> { code = 404; rpc = "NOT_FOUND"; }
            case RATE_LIMITED, QUOTA_EXHAUSTED -> { code = 429; rpc = "RESOURCE_EXHAUSTED"; }
            case INTERNAL -> { code = 500; rpc = "INTERNAL"; }
            case BAD_GATEWAY -> { code = 502; rpc = "UNAVAILABLE"; }
            case UNAVAILABLE -> { code = 503; rpc = "UNAVAILABLE"; }
            case TIMEOUT -> { code = 504; rpc = "DEADLINE_EXCEEDED"; }
            // google.rpc has no "too large", "method not allowed" or "unsupported media type" code: keep the HTTP
            // status (413 is the router's own) with Google's closest rpc status.
            case REQUEST_TOO_LARGE -> { code = 413; rpc = "INVALID_ARGUMENT"; }
            case METHOD_NOT_ALLOWED -> { code = 405; rpc = "INVALID_ARGUMENT"; }
            case UNSUPPORTED_MEDIA_TYPE -> { code = 415; rpc = "INVALID_ARGUMENT"; }
            // Unprocessable input: Google answers 400 INVALID_ARGUMENT.
            default -> { code = 400; rpc = "INVALID_ARGUMENT"; }
        }
        ObjectNode root = Json.object();
        root.set("error", body(code, error.message(), rpc, reasonFor(error)));
        return new EncodedError(code, "application/json", Json.bytes(root));
    }

    /** The inner error object, also used for in-stream error chunks. */
    static ObjectNode body(int code, String message, String rpc, String reason) {
        ObjectNode e = Json.object();
        e.put("code", code);
        e.put("message", message);
        e.put("status", rpc);
        if (reason != null) {
            e.putArray("details").addObject()
                    .put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                    .put("reason", reason)
                    .put("domain", "llm-router");
        }
        return e;
    }

    /** In-stream error object ({@code {"error":{...}}}) for an error event. */
    ObjectNode streamError(ApiError error) {
        return (ObjectNode) Json.tryParse(new String(encode(error).body(), StandardCharsets.UTF_8));
    }

    private static String reasonFor(ApiError error) {
        if (error.kind() == ErrorKind.QUOTA_EXHAUSTED && error.code() == null) {
            return "QUOTA_EXHAUSTED";
        }
        String c = error.code();
        // The code of a Gemini error is its rpc status, not a reason; only real reasons go in ErrorInfo.
        return c == null || isRpcStatus(c) ? null : c;
    }

    private static ErrorKind kind(String rpc, String reason, int httpStatus) {
        if ("API_KEY_INVALID".equals(reason) || "API_KEY_EXPIRED".equals(reason)) {
            return ErrorKind.AUTHENTICATION;
        }
        if (reason != null && (reason.equalsIgnoreCase("insufficient_quota") || reason.equals("QUOTA_EXHAUSTED"))) {
            return ErrorKind.QUOTA_EXHAUSTED;
        }
        if (rpc == null) {
            return ErrorKind.fromStatus(httpStatus);
        }
        return switch (rpc) {
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE", "UNIMPLEMENTED" ->
                    httpStatus == 413 ? ErrorKind.REQUEST_TOO_LARGE : ErrorKind.INVALID_REQUEST;
            case "UNAUTHENTICATED" -> ErrorKind.AUTHENTICATION;
            case "PERMISSION_DENIED" -> ErrorKind.PERMISSION;
            case "NOT_FOUND" -> ErrorKind.NOT_FOUND;
            case "ALREADY_EXISTS", "ABORTED" -> ErrorKind.UNPROCESSABLE;
            case "RESOURCE_EXHAUSTED" -> ErrorKind.RATE_LIMITED;
            case "UNAVAILABLE" -> httpStatus == 502 ? ErrorKind.BAD_GATEWAY : ErrorKind.UNAVAILABLE;
            case "DEADLINE_EXCEEDED" -> ErrorKind.TIMEOUT;
            case "INTERNAL", "UNKNOWN", "DATA_LOSS", "CANCELLED" -> ErrorKind.INTERNAL;
            default -> ErrorKind.fromStatus(httpStatus);
        };
    }

    private static boolean isRpcStatus(String s) {
        return switch (s) {
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE", "UNIMPLEMENTED", "UNAUTHENTICATED",
                 "PERMISSION_DENIED", "NOT_FOUND", "ALREADY_EXISTS", "ABORTED", "RESOURCE_EXHAUSTED", "UNAVAILABLE",
                 "DEADLINE_EXCEEDED", "INTERNAL", "UNKNOWN", "DATA_LOSS", "CANCELLED" -> true;
            default -> false;
        };
    }

    /** {@code error} of the body; Google's JSON-array stream form wraps it in a one-element array. */
    private static JsonNode errorObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        JsonNode root = Json.tryParse(new String(body, StandardCharsets.UTF_8));
        if (root != null && root.isArray() && root.size() > 0) {
            root = root.get(0);
        }
        JsonNode error = root == null ? null : root.get("error");
        return error != null && error.isObject() ? error : null;
    }

    private static String reason(JsonNode details) {
        if (details == null || !details.isArray()) {
            return null;
        }
        for (JsonNode d : details) {
            JsonNode r = d.get("reason");
            if (r != null && r.isTextual() && !r.asText().isEmpty()) {
                return r.asText();
            }
        }
        return null;
    }

    private static String plainMessage(int status, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty() || text.startsWith("<")) {
            return "Gemini upstream answered HTTP " + status; // empty or an HTML error page: nothing worth quoting
        }
        return Redactor.redact(text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }
}
