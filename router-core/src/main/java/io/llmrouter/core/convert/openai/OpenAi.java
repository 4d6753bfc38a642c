package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.AnswerDrops;
import io.llmrouter.core.convert.ConversionSettings;
import io.llmrouter.core.convert.EmbeddingsCodec;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.convert.ProtocolCodec;
import java.time.Clock;

/**
 * The codecs of OpenAI Chat Completions ({@code /v1/chat/completions}), both sides of a call, and of Azure OpenAI:
 * OpenAI's bodies and streams on Azure's wire ({@link AzureWire}), an upstream only (Azure's clients use OpenAI's
 * SDKs against the router's OpenAI route). The Azure stream decoder is OpenAI's, which already ignores Azure's
 * {@code prompt_filter_results} preamble and {@code content_filter_results}.
 */
public final class OpenAi {

    private OpenAi() {
    }

    /** OpenAI Chat Completions, on the wire of whichever host speaks it ({@link OpenAiWire}). */
    public static ProtocolCodec codec(ConversionSettings settings) {
        OpenAiRequestEncoder encoder = new OpenAiRequestEncoder();
        return answers(clientSide(ProtocolCodec.builder(Protocol.OPENAI), settings))
                .requestEncoder((request, out) -> {
                    OpenAiWire.Dialect dialect = OpenAiWire.dialect(out.key());
                    return OpenAiWire.request(out.key(), dialect, encoder.encode(request, out.model(),
                            dialect.completionTokens(), out.drops()), request.stream(), out.drops(), out.headers());
                })
                .accountHeaders(OpenAiWire.ACCOUNT_HEADERS)
                .passthrough((clientBody, decoded, out) -> {
                    ObjectNode body = OpenAiPassthrough.rewrite(clientBody, out.model());
                    return OpenAiWire.request(out.key(), OpenAiWire.dialect(out.key()), body,
                            body.path("stream").asBoolean(false), out.drops(), out.headers());
                })
                .embeddings(embeddings(Protocol.OPENAI, (request, out) -> OpenAiWire.post(out.key(), "/embeddings",
                        OpenAiEmbeddings.body(request, out.model(), Protocol.OPENAI, out.drops()), false,
                        out.headers())))
                .build();
    }

    /** Azure OpenAI: the deployment is the endpoint's model. */
    public static ProtocolCodec azure(ConversionSettings settings) {
        OpenAiRequestEncoder encoder = new OpenAiRequestEncoder();
        return answers(clientSide(ProtocolCodec.builder(Protocol.AZURE_OPENAI), settings))
                .requestEncoder((request, out) -> {
                    ObjectNode body = encoder.encode(request, out.model(), false, out.drops());
                    // Azure's GA api-versions declare no request metadata.
                    if (body.remove("metadata") != null) {
                        out.drops().lost(IrField.METADATA);
                    }
                    // Azure OpenAI's models take no reasoning back.
                    if (OpenAiReasoning.removeHistory(body)) {
                        out.drops().lost(IrField.REASONING_HISTORY);
                    }
                    return AzureWire.request(out.key(), out.model(), body, request.stream(), out.headers());
                })
                .passthrough((clientBody, decoded, out) -> {
                    ObjectNode body = OpenAiPassthrough.rewrite(clientBody, out.model());
                    return AzureWire.request(out.key(), out.model(), body, body.path("stream").asBoolean(false),
                            out.headers());
                })
                .embeddings(embeddings(Protocol.AZURE_OPENAI, (request, out) -> AzureWire.request(out.key(),
                        out.model(), AzureWire.EMBEDDINGS,
                        OpenAiEmbeddings.body(request, out.model(), Protocol.AZURE_OPENAI, out.drops()), false,
                        out.headers())))
                .build();
    }

    /** OpenAI's embeddings, on the wire {@code upstream} gives: the same bodies for OpenAI and Azure OpenAI. */
    private static EmbeddingsCodec embeddings(Protocol protocol, EmbeddingsCodec.RequestEncoder upstream) {
        return new EmbeddingsCodec(protocol, OpenAiEmbeddings.MAX_INPUTS,
                (body, ctx, drops) -> OpenAiEmbeddings.decode(body, drops), OpenAiEmbeddings::encode, upstream,
                OpenAiEmbeddings::decodeAnswer);
    }

    /** What an OpenAI client sends and is sent. */
    private static ProtocolCodec.Builder clientSide(ProtocolCodec.Builder codec, ConversionSettings settings) {
        OpenAiRequestDecoder requests = new OpenAiRequestDecoder();
        OpenAiResponseEncoder responses = new OpenAiResponseEncoder(settings.clock());
        Clock clock = settings.clock();
        return codec.requestDecoder((body, ctx, drops) -> requests.decode(body, drops))
                .forwardable(OpenAiWire.OPEN_HEADERS)
                .forwardable(OpenAiWire.ACCOUNT_HEADERS)
                .responseEncoder(responses::encode)
                .streamEncoders((request, ctx) -> new OpenAiStreamEncoder(request == null ? null : request.model(),
                        request != null && request.includeUsage(),
                        request == null || request.reasoning() == null || request.reasoning().showThoughts(), clock))
                .answerLost((answer, drops) -> AnswerDrops.reasoning(answer, Protocol.OPENAI, true, drops))
                .errorEncoder(OpenAiErrors::encode);
    }

    /** What an upstream speaking OpenAI's protocol answers. */
    private static ProtocolCodec.Builder answers(ProtocolCodec.Builder codec) {
        OpenAiResponseDecoder responses = new OpenAiResponseDecoder();
        return codec.responseDecoder(responses::decode)
                .streamDecoders(OpenAiStreamDecoder::new)
                .errorDecoder(OpenAiErrors::decode);
    }
}
