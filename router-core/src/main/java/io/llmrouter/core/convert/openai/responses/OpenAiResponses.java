package io.llmrouter.core.convert.openai.responses;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.AnswerDrops;
import io.llmrouter.core.convert.ConversionSettings;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.convert.ProtocolCodec;
import java.time.Clock;
import java.util.Map;

/**
 * The codec of OpenAI Responses ({@code /v1/responses}), both sides of a call (docs/protocols.md#openai-responses).
 * Part of the OpenAI slice: its errors are OpenAI's, and OpenAI's own API has the same rules for its reasoning
 * models.
 */
public final class OpenAiResponses {

    /** The names a Responses client knows the intermediate fields by, where they differ from Chat's. */
    private static final Map<IrField, String> FIELD_NAMES = Map.of(
            IrField.JSON_MODE, "text.format",
            IrField.SCHEMA_KEYWORDS, "text.format.schema",
            IrField.USER, "safety_identifier",
            IrField.REASONING, "reasoning",
            IrField.REASONING_HISTORY, "input[]=reasoning",
            IrField.MISPLACED_PART, "input[]",
            IrField.TOOL_RESULT_ERROR, "input[]=function_call_output",
            IrField.TOOL_SCHEMA_KEYWORDS, "tools[].parameters");

    private OpenAiResponses() {
    }

    /** OpenAI Responses, stamping answers with {@code settings.clock()}. */
    public static ProtocolCodec codec(ConversionSettings settings) {
        Clock clock = settings.clock();
        ResponsesResponseEncoder responses = new ResponsesResponseEncoder(clock);
        return ProtocolCodec.builder(Protocol.OPENAI_RESPONSES)
                .requestDecoder((body, ctx, drops) -> ResponsesRequestDecoder.decode(body, drops))
                .nativeOnly(ResponsesBuiltIns::refuse)
                .fieldNames(FIELD_NAMES)
                .forwardable(ResponsesWire.OPEN_HEADERS)
                .forwardable(ResponsesWire.ACCOUNT_HEADERS)
                .answerLost((answer, drops) -> AnswerDrops.reasoning(answer, Protocol.OPENAI_RESPONSES, true, drops))
                .responseEncoder(responses::encode)
                .streamEncoders((request, ctx) -> new ResponsesStreamEncoder(request, clock))
                .errorEncoder(ResponsesErrors::encode)
                .requestEncoder((request, out) -> ResponsesWire.request(out,
                        ResponsesRequestEncoder.encode(request, out.model(), out.drops()), request.stream()))
                .passthrough((body, decoded, out) -> ResponsesWire.request(out,
                        ResponsesPassthrough.rewrite(body, out.model()), decoded.stream()))
                .responseDecoder(ResponsesResponseDecoder::decode)
                .streamDecoders(ResponsesStreamDecoder::new)
                .errorDecoder(ResponsesErrors::decode)
                .build();
    }
}
