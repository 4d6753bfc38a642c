package io.llmrouter.core.convert.openai;

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
 * OpenAI error bodies {@code {"error":{message,type,param,code}}} in both directions (docs/protocols.md#errors),
 * tolerant of the OpenAI-compatible variants: Mistral's unwrapped {@code {object:"error",message,type,code}}, Zhipu's
 * string business codes, a bare string under {@code error}, and bodies that are not JSON at all.
 */
public final class OpenAiErrors {

    private OpenAiErrors() {
    }

    /** Decodes an upstream error and what it says of the key and its quota; never throws. */
    public static DecodedError decode(int status, byte[] body) {
        JsonNode root = parse(body);
        JsonNode err = root == null ? null : root.isArray() ? root.path(0).get("error") : root.get("error");
        if (err == null && root != null && root.isObject() && root.has("message")) {
            err = root; // Mistral: no wrapper
        }
        if (err == null) {
            String msg = "upstream returned HTTP " + status + (root == null ? " with a non-JSON body" : "");
            return DecodedError.of(new ApiError(ErrorKind.fromStatus(status), status, msg, null));
        }
        if (err.isTextual()) {
            return DecodedError.of(new ApiError(ErrorKind.fromStatus(status), status,
                    Redactor.redact(err.textValue()), null));
        }
        String message = Redactor.redact(err.path("message").asText(""));
        String type = err.path("type").isTextual() ? err.get("type").textValue() : null;
        String code = err.hasNonNull("code") && err.get("code").isValueNode() ? err.get("code").asText() : null;
        return new DecodedError(new ApiError(kind(status, type, code), status, message, code != null ? code : type),
                facts(type, code));
    }

    /**
     * What the type and code say of the key: a 429 for {@code insufficient_quota} (or Zhipu's {@code 1113}, an
     * account in arrears) is out of money rather than rate limited, and {@code billing_hard_limit_reached} or
     * {@code billing_not_active} blame the account, not the request.
     */
    private static ErrorFacts facts(String type, String code) {
        if ("insufficient_quota".equals(code) || "insufficient_quota".equals(type)) {
            return ErrorFacts.quotaExhausted("insufficient_quota");
        }
        if ("1113".equals(code)) {
            return ErrorFacts.quotaExhausted("zhipu 1113 arrears");
        }
        if ("billing_hard_limit_reached".equals(code) || "billing_not_active".equals(code)) {
            return ErrorFacts.accountExhausted();
        }
        return ErrorFacts.NONE;
    }

    private static ErrorKind kind(int status, String type, String code) {
        String c = code == null ? "" : code.toLowerCase(Locale.ROOT);
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (c.equals("insufficient_quota") || t.equals("insufficient_quota") || c.equals("1113")) {
            return ErrorKind.QUOTA_EXHAUSTED; // 1113: Zhipu account in arrears, sent as 429
        }
        if (c.equals("rate_limit_exceeded") || c.equals("1302")) {
            return ErrorKind.RATE_LIMITED;
        }
        if (c.equals("invalid_api_key") || t.equals("authentication_error")) {
            return ErrorKind.AUTHENTICATION;
        }
        if (c.equals("model_not_found")) {
            return ErrorKind.NOT_FOUND;
        }
        if (c.equals("context_length_exceeded") || c.equals("content_filter")) {
            return ErrorKind.INVALID_REQUEST;
        }
        if (status == 200) {
            // An error inside a 200 stream: the type is all there is to go on.
            return t.equals("invalid_request_error") ? ErrorKind.INVALID_REQUEST
                    : c.equals("overloaded") || t.equals("overloaded_error") ? ErrorKind.UNAVAILABLE
                    : ErrorKind.INTERNAL;
        }
        return ErrorKind.fromStatus(status);
    }

    /** Encodes an error for an OpenAI client, with the status OpenAI would use for its kind. */
    public static EncodedError encode(ApiError error) {
        return encode(error, null);
    }

    /**
     * {@link #encode(ApiError)} naming the request field the error is about in {@code param} (null for none), as
     * OpenAI's own validation errors do.
     */
    public static EncodedError encode(ApiError error, String param) {
        String type;
        String code = error.code();
        int status = error.kind().defaultStatus();
        switch (error.kind()) {
            case AUTHENTICATION -> {
                type = "invalid_request_error";
                code = "invalid_api_key";
            }
            case PERMISSION -> type = "permission_error";
            case NOT_FOUND -> {
                type = "invalid_request_error";
                code = "model_not_found";
            }
            case RATE_LIMITED -> {
                type = "requests";
                code = "rate_limit_exceeded";
            }
            case QUOTA_EXHAUSTED -> {
                type = "insufficient_quota";
                code = "insufficient_quota";
            }
            case INTERNAL, BAD_GATEWAY -> {
                type = "server_error";
                code = null;
            }
            case UNAVAILABLE -> {
                // Anthropic's 529 and Gemini's UNAVAILABLE arrive here: OpenAI clients know 503, not 529.
                type = "server_error";
                code = "overloaded";
            }
            case TIMEOUT -> {
                type = "server_error";
                code = "timeout";
            }
            default -> {
                type = "invalid_request_error";
                // Keep an upstream 4xx the kind shares (409, 422) rather than flattening it to 400.
                if (error.status() >= 400 && error.status() < 500 && error.status() != 429) {
                    status = error.status();
                }
            }
        }
        ObjectNode root = Json.object();
        ObjectNode e = root.putObject("error");
        e.put("message", Redactor.redactMarked(error.message()));
        e.put("type", type);
        if (param == null) {
            e.putNull("param");
        } else {
            e.put("param", param);
        }
        if (code == null) {
            e.putNull("code");
        } else {
            e.put("code", code);
        }
        return new EncodedError(status, "application/json", Json.bytes(root));
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return Json.tree(body);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
