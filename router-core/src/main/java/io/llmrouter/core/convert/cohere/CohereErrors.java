package io.llmrouter.core.convert.cohere;

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
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Cohere error bodies, v1 and v2 alike: {@code {"id": "<uuid>", "message": "..."}}, no code field. */
final class CohereErrors {

    private static final int MAX_RAW_MESSAGE = 300;
    /** Cohere's per-month trial cap ("limited to 1000 API calls / month") vs its per-minute limits. */
    private static final Pattern MONTHLY = Pattern.compile("\\bmonth(ly)?\\b", Pattern.CASE_INSENSITIVE);

    private CohereErrors() {
    }

    /** Any body, any status, and whether a 429 is the monthly cap, which waiting does not lift; never throws. */
    static DecodedError decode(int status, byte[] body) {
        JsonNode node = body == null || body.length == 0 ? null
                : Json.tryParse(new String(body, StandardCharsets.UTF_8));
        String message = Redactor.redact(message(node, body));
        JsonNode top = node == null ? null : node.get("message");
        boolean monthly = top != null && top.isTextual() && MONTHLY.matcher(top.asText()).find();
        return new DecodedError(new ApiError(kind(status, message), status, message, null),
                monthly ? ErrorFacts.quotaExhausted("monthly quota") : ErrorFacts.NONE);
    }

    /** The error as a Cohere client expects it. */
    static EncodedError encode(ApiError error) {
        ObjectNode body = Json.object();
        body.put("id", UUID.randomUUID().toString());
        body.put("message", error.message());
        return new EncodedError(status(error.kind()), "application/json", Json.bytes(body));
    }

    private static ErrorKind kind(int status, String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return switch (status) {
            // Observed: "You are using a Trial key, which is limited to 1000 API calls / month." Waiting a minute
            // will not help, unlike the per-minute limit ("past the per minute request limit").
            case 429 -> m.contains("trial key") || m.contains("/ month") || m.contains("per month")
                    || m.contains("monthly") ? ErrorKind.QUOTA_EXHAUSTED : ErrorKind.RATE_LIMITED;
            // 498: Cohere's "invalid token" (a deny-listed key); 499: the request was cancelled by the client.
            case 498 -> ErrorKind.AUTHENTICATION;
            case 499 -> ErrorKind.INVALID_REQUEST;
            default -> ErrorKind.fromStatus(status);
        };
    }

    private static int status(ErrorKind kind) {
        return kind.defaultStatus();
    }

    private static String message(JsonNode node, byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        if (node != null && node.isObject()) {
            JsonNode m = node.get("message");
            if (m != null && m.isTextual() && !m.asText().isBlank()) {
                return m.asText();
            }
            JsonNode nested = node.path("error").path("message");
            if (nested.isTextual()) {
                return nested.asText();
            }
        }
        String raw = new String(body, StandardCharsets.UTF_8).strip();
        return raw.length() > MAX_RAW_MESSAGE ? raw.substring(0, MAX_RAW_MESSAGE) + "..." : raw;
    }
}
