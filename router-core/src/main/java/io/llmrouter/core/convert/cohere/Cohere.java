package io.llmrouter.core.convert.cohere;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.AnswerDrops;
import io.llmrouter.core.convert.ConversionSettings;
import io.llmrouter.core.convert.EmbeddingsCodec;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.convert.ProtocolCodec;
import java.util.Map;

/** The codecs of Cohere Chat v1 ({@code /v1/chat}, NDJSON streams) and v2 ({@code /v2/chat}, SSE), both sides. */
public final class Cohere {

    /** How both versions name the intermediate fields that differ from OpenAI's names. */
    private static final Map<IrField, String> NAMES = Map.of(IrField.TOP_P, "p", IrField.TOP_K, "k",
            IrField.STOP, "stop_sequences", IrField.REASONING, "thinking",
            IrField.REASONING_HISTORY, "messages[].content[]=thinking",
            IrField.EMBEDDING_INPUT, "texts", IrField.DIMENSIONS, "output_dimension",
            IrField.EMBEDDING_TYPES, "embedding_types");

    private Cohere() {
    }

    /** Cohere Chat v1; it takes no settings. */
    public static ProtocolCodec v1(ConversionSettings settings) {
        return ProtocolCodec.builder(Protocol.COHERE)
                .requestDecoder((body, ctx, drops) -> CohereV1RequestDecoder.decode(body, drops))
                .responseEncoder((response, request) -> CohereV1ResponseEncoder.encode(response))
                .streamEncoders((request, ctx) -> new CohereV1StreamEncoder())
                .answerLost((answer, drops) -> AnswerDrops.reasoning(answer, Protocol.COHERE, false, drops))
                .errorEncoder(CohereErrors::encode)
                .requestEncoder((request, out) -> CohereWire.V1.request(out.key(),
                        CohereV1RequestEncoder.encode(request, out.model(), out.drops()), request.stream(),
                        out.headers()))
                .passthrough((body, decoded, out) -> CohereWire.V1.passthrough(out.key(), body, out.model(),
                        out.headers()))
                .forwardable(CohereWire.OPEN_HEADERS)
                .fieldNames(NAMES)
                .responseDecoder(CohereV1ResponseDecoder::decode)
                .streamDecoders(CohereV1StreamDecoder::new)
                .errorDecoder(CohereErrors::decode)
                .embeddings(embeddings(CohereWire.V1, Protocol.COHERE))
                .build();
    }

    /** Cohere Chat v2; it takes no settings. */
    public static ProtocolCodec v2(ConversionSettings settings) {
        return ProtocolCodec.builder(Protocol.COHERE_V2)
                .requestDecoder((body, ctx, drops) -> CohereV2RequestDecoder.decode(body, drops))
                .responseEncoder(CohereV2ResponseEncoder::encode)
                .streamEncoders((request, ctx) -> new CohereV2StreamEncoder(
                        request == null || request.reasoning() == null || request.reasoning().showThoughts()))
                .answerLost((answer, drops) -> AnswerDrops.reasoning(answer, Protocol.COHERE_V2, true, drops))
                .errorEncoder(CohereErrors::encode)
                .requestEncoder((request, out) -> CohereWire.V2.request(out.key(),
                        CohereV2RequestEncoder.encode(request, out.model(), out.drops()), request.stream(),
                        out.headers()))
                .passthrough((body, decoded, out) -> CohereWire.V2.passthrough(out.key(), body, out.model(),
                        out.headers()))
                .forwardable(CohereWire.OPEN_HEADERS)
                .fieldNames(NAMES)
                .responseDecoder(CohereV2ResponseDecoder::decode)
                .streamDecoders(CohereV2StreamDecoder::new)
                .errorDecoder(CohereErrors::decode)
                .embeddings(embeddings(CohereWire.V2, Protocol.COHERE_V2))
                .build();
    }

    /** The embeddings of one version ({@code /v1/embed}, {@code /v2/embed}). */
    private static EmbeddingsCodec embeddings(CohereWire wire, Protocol protocol) {
        CohereEmbeddings embeddings = new CohereEmbeddings(wire, protocol);
        return new EmbeddingsCodec(protocol, CohereEmbeddings.MAX_INPUTS,
                (body, ctx, drops) -> embeddings.decode(body, drops), embeddings::encode, embeddings::request,
                CohereEmbeddings::decodeAnswer);
    }
}
