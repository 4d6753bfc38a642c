package io.llmrouter.core.convert.anthropic;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.AnswerDrops;
import io.llmrouter.core.convert.ConversionSettings;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import java.util.Map;
import java.util.Set;

/** The codec of Anthropic Messages ({@code /v1/messages}), both sides of a call. */
public final class Anthropic {

    private Anthropic() {
    }

    /** Anthropic Messages, sending {@code settings.anthropicDefaultMaxTokens()} when a request has no output limit. */
    public static ProtocolCodec codec(ConversionSettings settings) {
        AnthropicRequestEncoder encoder = new AnthropicRequestEncoder(settings.anthropicDefaultMaxTokens());
        AnthropicCount count = new AnthropicCount(encoder);
        return ProtocolCodec.builder(Protocol.ANTHROPIC)
                .requestDecoder((body, ctx, drops) -> AnthropicRequestDecoder.decode(body, drops))
                .responseEncoder(AnthropicResponseEncoder::encode)
                .streamEncoders((request, ctx) -> new AnthropicStreamEncoder(request))
                .answerLost((answer, drops) -> AnswerDrops.reasoning(answer, Protocol.ANTHROPIC, true, drops))
                .errorEncoder(AnthropicErrors::encode)
                .requestEncoder((request, out) -> {
                    AnthropicRequestEncoder.Encoded encoded = encoder.encode(request, out.model(), out.drops());
                    return AnthropicWire.request(out.key(), encoded.body(), request.stream(), out.headers(),
                            encoded.betas(), out.drops());
                })
                // The client's own body with only the model replaced (Anthropic streams report usage unasked), and
                // Anthropic's thinking rules applied to its history.
                .passthrough((body, decoded, out) -> {
                    AnthropicThinking.adaptPassthrough(body, out.drops());
                    return AnthropicWire.request(out.key(), Json.bytes(body.put("model", out.model())),
                            decoded.stream(), out.headers(), Set.of(), out.drops());
                })
                .forwardable(AnthropicWire.OPEN_HEADERS)
                .forwardable(AnthropicWire.ACCOUNT_HEADERS)
                .headersLost(AnthropicBetas::lostWhenConverted)
                .fieldNames(Map.of(IrField.STOP, "stop_sequences", IrField.USER, "metadata.user_id",
                        IrField.TOOL_CHOICE, "tool_choice", IrField.PARALLEL_TOOL_CALLS,
                        "tool_choice.disable_parallel_tool_use", IrField.JSON_MODE, "output_config.format",
                        IrField.SCHEMA_KEYWORDS, "output_config.format.schema", IrField.REASONING, "thinking",
                        IrField.REASONING_HISTORY, "messages[].content[]=thinking",
                        IrField.TOOL_RESULT_ERROR, "messages[].content[].is_error",
                        IrField.TOOL_SCHEMA_KEYWORDS, "tools[].input_schema"))
                .responseDecoder(AnthropicResponseDecoder::decode)
                .streamDecoders(AnthropicStreamDecoder::new)
                .errorDecoder(AnthropicErrors::decode)
                .counting(count::request, AnthropicCount::decode)
                .countAnswer(AnthropicCount::encode)
                .build();
    }
}
