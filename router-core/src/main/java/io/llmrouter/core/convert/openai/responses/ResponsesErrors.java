package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.DecodedError;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.core.convert.openai.OpenAiErrors;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.security.Redactor;
import java.util.Locale;

/**
 * Errors of OpenAI Responses (docs/protocols.md#openai-responses). Error answers have Chat Completions' body
 * ({@code {"error":{message,type,param,code}}}), so reading and writing them is {@link OpenAiErrors}' job; what this
 * class adds is the {@code param} a validation error names, the stateless refusals, and the errors inside a stream
 * ({@code response.failed} and the {@code error} event), whose codes are the spec's {@code ResponseError.code}.
 */
public final class ResponsesErrors {

    /** Code of the stateless refusals, as OpenAI names a parameter it does not take. */
    static final String UNSUPPORTED_PARAMETER = "unsupported_parameter";

    private ResponsesErrors() {
    }

    /** Decodes an upstream error answer (OpenAI's body) and what it says for the failure classifier. */
    public static DecodedError decode(int status, byte[] body) {
        return OpenAiErrors.decode(status, body);
    }

    /**
     * Encodes an error for a Responses client. A request error about one field ({@link Fields#invalid} words them
     * {@code 'path' problem}) names that field in {@code param}, as OpenAI does.
     */
    public static EncodedError encode(ApiError error) {
        return OpenAiErrors.encode(error, error.kind() == ErrorKind.INVALID_REQUEST ? param(error.message()) : null);
    }

    /** The field a request error is about: the quoted path its message starts with, or null. */
    static String param(String message) {
        if (message == null || !message.startsWith("'")) {
            return null;
        }
        int end = message.indexOf("' ", 1);
        return end > 1 ? message.substring(1, end) : null;
    }

    /**
     * The refusal of a field that needs state the router does not keep (a stored response, a conversation, a
     * background run): a 400 naming the field, raised by the request decoder so that it holds for every upstream.
     */
    static RouterException stateless(String field) {
        return new RouterException(new ApiError(ErrorKind.INVALID_REQUEST, 400, "'" + field + "' is not supported:"
                + " this router keeps no response state, send the whole conversation in 'input' ('store' is treated"
                + " as false)", UNSUPPORTED_PARAMETER));
    }

    /**
     * The error of a {@code response.failed} event's {@code response.error}, or of an {@code error} event, in the
     * router's terms: {@code rate_limit_exceeded} is a rate limit, the prompt and image codes are the caller's
     * request, everything else ({@code server_error}, {@code vector_store_timeout}, ...) the upstream's failure.
     */
    static ApiError ofStreamError(JsonNode error) {
        String code = Fields.text(error == null ? null : error.get("code"), null);
        String message = Redactor.redact(Fields.text(error == null ? null : error.get("message"), ""));
        String c = code == null ? "" : code.toLowerCase(Locale.ROOT);
        ErrorKind kind = c.equals("rate_limit_exceeded") ? ErrorKind.RATE_LIMITED
                : c.equals("invalid_prompt") || c.startsWith("invalid_image") || c.startsWith("image_")
                        || c.equals("empty_image_file") || c.equals("failed_to_download_image")
                        ? ErrorKind.INVALID_REQUEST
                : ErrorKind.BAD_GATEWAY;
        return new ApiError(kind, kind.defaultStatus(), message, code);
    }

    /**
     * The {@code ResponseError.code} a client's {@code response.failed} carries for an error: the spec's enum has a
     * rate-limit code, a prompt code and a server code, and nothing else fits a router's failure.
     */
    static String streamCode(ApiError error) {
        return switch (error.kind()) {
            case RATE_LIMITED, QUOTA_EXHAUSTED -> "rate_limit_exceeded";
            case INVALID_REQUEST, NOT_FOUND, REQUEST_TOO_LARGE, UNPROCESSABLE -> "invalid_prompt";
            default -> "server_error";
        };
    }
}
