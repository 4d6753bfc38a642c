package io.llmrouter.core.convert.gemini;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.AnswerDrops;
import io.llmrouter.core.convert.ConversionSettings;
import io.llmrouter.core.convert.EmbeddingsCodec;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import java.util.Map;

/** The codec of Gemini generateContent ({@code /v1beta/models/{model}:generateContent}), both sides of a call. */
public final class Gemini {

    private Gemini() {
    }

    /** Gemini generateContent; it takes no settings. */
    public static ProtocolCodec codec(ConversionSettings settings) {
        GeminiRequestDecoder requests = new GeminiRequestDecoder();
        GeminiRequestEncoder encoder = new GeminiRequestEncoder();
        GeminiResponseDecoder answers = new GeminiResponseDecoder();
        GeminiResponseEncoder responses = new GeminiResponseEncoder();
        GeminiErrors errors = new GeminiErrors();
        GeminiCount count = new GeminiCount(encoder, requests);
        return ProtocolCodec.builder(Protocol.GEMINI)
                .requestDecoder(requests::decode)
                .responseEncoder(responses::encode)
                .streamEncoders((request, ctx) -> new GeminiStreamEncoder(ctx == null || ctx.sse(),
                        GeminiResponseEncoder.showThoughts(request)))
                .answerLost((answer, drops) -> AnswerDrops.reasoning(answer, Protocol.GEMINI, true, drops))
                .errorEncoder(errors::encode)
                .requestEncoder((request, out) -> GeminiWire.request(out.key(), out.model(),
                        encoder.encode(request, out.model(), GeminiWire.takesSystemInstruction(out.key()),
                                out.drops()),
                        request.stream(), out.headers()))
                // The client's body goes out as sent: the model lives in the URL, Gemini streams usage anyway.
                .passthrough((body, decoded, out) -> GeminiWire.request(out.key(), out.model(), Json.bytes(body),
                        decoded.stream(), out.headers()))
                .forwardable(GeminiWire.ACCOUNT_HEADERS)
                .accountHeaders(GeminiWire.ACCOUNT_HEADERS)
                .fieldNames(Map.ofEntries(Map.entry(IrField.TEMPERATURE, "generationConfig.temperature"),
                        Map.entry(IrField.TOP_P, "generationConfig.topP"),
                        Map.entry(IrField.TOP_K, "generationConfig.topK"),
                        Map.entry(IrField.STOP, "generationConfig.stopSequences"),
                        Map.entry(IrField.SEED, "generationConfig.seed"),
                        Map.entry(IrField.PRESENCE_PENALTY, "generationConfig.presencePenalty"),
                        Map.entry(IrField.FREQUENCY_PENALTY, "generationConfig.frequencyPenalty"),
                        Map.entry(IrField.TOOL_CHOICE, "toolConfig"),
                        Map.entry(IrField.JSON_MODE, "generationConfig.responseMimeType"),
                        Map.entry(IrField.SCHEMA_KEYWORDS, "generationConfig.responseSchema"),
                        Map.entry(IrField.REASONING, "generationConfig.thinkingConfig"),
                        Map.entry(IrField.REASONING_HISTORY, "contents[].parts[].thought"),
                        Map.entry(IrField.MISPLACED_PART, "contents[].parts[]"),
                        Map.entry(IrField.TOOL_SCHEMA_KEYWORDS, "tools[].functionDeclarations[].parameters"),
                        Map.entry(IrField.EMBEDDING_TASK, "taskType"),
                        Map.entry(IrField.EMBEDDING_TITLE, "title"),
                        Map.entry(IrField.DIMENSIONS, "outputDimensionality"),
                        Map.entry(IrField.EMBEDDING_INPUT, "content")))
                .responseDecoder(answers::decode)
                .streamDecoders(GeminiStreamDecoder::new)
                .errorDecoder(errors::decode)
                .counting(count::request, GeminiCount::decode)
                .countAnswer(GeminiCount::encode)
                .countRequestDecoder(count::decodeRequest)
                .embeddings(new EmbeddingsCodec(Protocol.GEMINI, GeminiEmbeddings.MAX_INPUTS,
                        GeminiEmbeddings::decode, GeminiEmbeddings::encode, GeminiEmbeddings::request,
                        GeminiEmbeddings::decodeAnswer))
                .build();
    }
}
