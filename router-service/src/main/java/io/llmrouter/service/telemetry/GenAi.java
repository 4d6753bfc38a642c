package io.llmrouter.service.telemetry;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.FinishReason;
import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * Names of the OpenTelemetry semantic conventions for generative AI (gen_ai.*) and of the router's own attributes
 * (router.*), as the router's spans and metrics use them.
 */
final class GenAi {

    static final String CHAT = "chat";

    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Long> EMBEDDING_DIMENSIONS = AttributeKey.longKey("gen_ai.embeddings.dimension.count");
    static final AttributeKey<List<String>> ENCODING_FORMATS = AttributeKey.stringArrayKey(
            "gen_ai.request.encoding_formats");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey(
            "gen_ai.response.finish_reasons");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<Long> CACHE_READ_TOKENS = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    static final AttributeKey<Long> CACHE_CREATION_TOKENS = AttributeKey.longKey(
            "gen_ai.usage.cache_creation.input_tokens");
    static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    static final AttributeKey<String> SYSTEM_INSTRUCTIONS = AttributeKey.stringKey("gen_ai.system_instructions");
    static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");

    static final AttributeKey<String> TENANT = AttributeKey.stringKey("router.tenant");
    static final AttributeKey<String> KEY_NAME = AttributeKey.stringKey("router.key_name");
    static final AttributeKey<String> CLIENT_PROTOCOL = AttributeKey.stringKey("router.client_protocol");
    static final AttributeKey<String> UPSTREAM_PROTOCOL = AttributeKey.stringKey("router.upstream_protocol");
    static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("router.endpoint");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("router.attempt");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("router.attempts");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("router.outcome");
    static final AttributeKey<String> FAILURE_CLASS = AttributeKey.stringKey("router.failure_class");
    static final AttributeKey<String> BREAKER_STATE = AttributeKey.stringKey("router.breaker_state");
    static final AttributeKey<Boolean> STREAMED = AttributeKey.booleanKey("router.streamed");
    static final AttributeKey<Boolean> USAGE_ACCURATE = AttributeKey.booleanKey("router.usage.accurate");
    static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("router.cost_usd");
    static final AttributeKey<Long> TTFT_MS = AttributeKey.longKey("router.time_to_first_token_ms");

    private GenAi() {
    }

    /** The convention's {@code gen_ai.provider.name} of an upstream protocol. */
    static String provider(Protocol protocol) {
        return switch (protocol) {
            case OPENAI, OPENAI_RESPONSES -> "openai";
            case AZURE_OPENAI -> "azure.ai.openai";
            case ANTHROPIC -> "anthropic";
            case GEMINI -> "gcp.gemini";
            case COHERE, COHERE_V2 -> "cohere";
        };
    }

    /** A finish reason as the conventions spell finish reasons (OpenAI's words). */
    static String finishReason(FinishReason reason) {
        return switch (reason) {
            case STOP, STOP_SEQUENCE -> "stop";
            case LENGTH -> "length";
            case TOOL_CALLS -> "tool_calls";
            case CONTENT_FILTER -> "content_filter";
            case ERROR -> "error";
        };
    }
}
