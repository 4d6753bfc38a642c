package io.llmrouter.service.telemetry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Operation;
import io.llmrouter.api.Usage;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.embed.EmbeddingRequest;
import io.llmrouter.api.embed.EmbeddingType;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.telemetry.Answer;
import io.llmrouter.core.telemetry.AttemptSpan;
import io.llmrouter.core.telemetry.AttemptStart;
import io.llmrouter.core.telemetry.CallRecord;
import io.llmrouter.core.telemetry.CallSpan;
import io.llmrouter.core.telemetry.ContentCapture;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The server span of one routed call and the factory of its attempts' client spans. Attributes follow the
 * OpenTelemetry GenAI conventions plus the router's own ({@link GenAi}); the prompt and the answer are recorded only
 * for a tenant that captures content, and never the caller's key.
 */
final class OtelCallSpan implements CallSpan {

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final Span span;
    private final Context context;
    private final boolean captureContent;
    private Integer maxTokens;
    /** The operation the attempts are named after: chat until the request turns out to be embeddings. */
    private String operation = GenAi.CHAT;

    OtelCallSpan(Tracer tracer, TextMapPropagator propagator, Span span, boolean captureContent) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.span = span;
        this.context = Context.root().with(span);
        this.captureContent = captureContent;
    }

    @Override
    public void request(ChatRequest request) {
        maxTokens = request.maxTokens();
        if (!span.isRecording()) {
            return;
        }
        if (request.model() != null) {
            span.updateName(GenAi.CHAT + " " + request.model());
            span.setAttribute(GenAi.REQUEST_MODEL, request.model());
        }
        if (maxTokens != null) {
            span.setAttribute(GenAi.REQUEST_MAX_TOKENS, maxTokens.longValue());
        }
        span.setAttribute(GenAi.STREAMED, request.stream());
        if (captureContent) {
            if (request.system() != null) {
                span.setAttribute(GenAi.SYSTEM_INSTRUCTIONS, ContentCapture.clip(request.system()));
            }
            span.setAttribute(GenAi.INPUT_MESSAGES, messages(request.messages()));
        }
    }

    @Override
    public void embeddings(EmbeddingRequest request) {
        operation = Operation.EMBEDDINGS.tag();
        if (!span.isRecording()) {
            return;
        }
        span.updateName(operation + " " + request.model());
        span.setAttribute(GenAi.REQUEST_MODEL, request.model());
        if (request.dimensions() != null) {
            span.setAttribute(GenAi.EMBEDDING_DIMENSIONS, request.dimensions().longValue());
        }
        span.setAttribute(GenAi.ENCODING_FORMATS, request.typesOrFloat().stream().map(EmbeddingType::wireName)
                .toList());
        span.setAttribute(GenAi.STREAMED, false);
    }

    @Override
    public AttemptSpan attempt(AttemptStart start) {
        String model = start.upstreamModel();
        Span attempt = tracer.spanBuilder(model == null ? operation : operation + " " + model).setParent(context)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(GenAi.OPERATION_NAME, operation)
                .setAttribute(GenAi.PROVIDER_NAME, GenAi.provider(start.endpoint().key().protocol()))
                .setAttribute(GenAi.ENDPOINT, start.endpoint().name())
                .setAttribute(GenAi.ATTEMPT, (long) start.number())
                .setAttribute(GenAi.BREAKER_STATE, start.breakerState().name().toLowerCase(Locale.ROOT))
                .startSpan();
        if (attempt.isRecording()) {
            if (model != null) {
                attempt.setAttribute(GenAi.REQUEST_MODEL, model);
            }
            if (maxTokens != null) {
                attempt.setAttribute(GenAi.REQUEST_MAX_TOKENS, maxTokens.longValue());
            }
            server(attempt, start.url());
        }
        return new OtelAttemptSpan(attempt, propagator);
    }

    /** {@code server.address} and {@code server.port} of the upstream URL; never its path or query. */
    private static void server(Span attempt, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (uri.getHost() != null) {
            attempt.setAttribute(GenAi.SERVER_ADDRESS, uri.getHost());
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
        attempt.setAttribute(GenAi.SERVER_PORT, (long) port);
    }

    @Override
    public void end(CallRecord record, Answer answer) {
        if (span.isRecording()) {
            describe(record, answer);
        }
        span.end();
    }

    private void describe(CallRecord record, Answer answer) {
        // Known only once the call is decoded: a count of tokens is named so; a chat call keeps the name it started with.
        span.setAttribute(GenAi.OPERATION_NAME, record.operation().tag());
        span.setAttribute(GenAi.OUTCOME, record.outcome());
        span.setAttribute(GenAi.ATTEMPTS, (long) record.attempts());
        span.setAttribute(GenAi.HTTP_STATUS, (long) record.status());
        if (record.endpoint() != null) {
            span.setAttribute(GenAi.ENDPOINT, record.endpoint());
        }
        if (record.upstreamProtocol() != null) {
            span.setAttribute(GenAi.PROVIDER_NAME, GenAi.provider(record.upstreamProtocol()));
            span.setAttribute(GenAi.UPSTREAM_PROTOCOL, record.upstreamProtocol().configName());
        }
        if (record.ttftMillis() >= 0) {
            span.setAttribute(GenAi.TTFT_MS, record.ttftMillis());
        }
        Usage usage = record.usage();
        if (usage != null) {
            span.setAttribute(GenAi.INPUT_TOKENS, usage.inputTokens());
            span.setAttribute(GenAi.OUTPUT_TOKENS, usage.outputTokens());
            span.setAttribute(GenAi.CACHE_READ_TOKENS, usage.cachedInputTokens());
            span.setAttribute(GenAi.CACHE_CREATION_TOKENS, usage.cacheWriteTokens());
            span.setAttribute(GenAi.USAGE_ACCURATE, usage.accurate());
            span.setAttribute(GenAi.COST_USD, usage.costUsd());
        }
        if (answer != null) {
            answer(span, answer, captureContent);
        }
        if (!"success".equals(record.outcome())) {
            span.setAttribute(GenAi.ERROR_TYPE, record.outcome());
        }
        // A server span is in error when the router failed the call, not when the caller's request was wrong.
        if (record.status() >= 500 || "stream_error".equals(record.outcome())) {
            span.setStatus(StatusCode.ERROR, record.outcome());
        }
    }

    /** The response attributes of an answer, on the call's span or an attempt's. */
    static void answer(Span target, Answer answer, boolean captureContent) {
        if (answer.model() != null) {
            target.setAttribute(GenAi.RESPONSE_MODEL, answer.model());
        }
        if (answer.finishReason() != null) {
            target.setAttribute(GenAi.FINISH_REASONS, List.of(GenAi.finishReason(answer.finishReason())));
        }
        TokenCounts counts = answer.usage();
        if (counts != null) {
            target.setAttribute(GenAi.INPUT_TOKENS, (long) counts.inputTokens());
            target.setAttribute(GenAi.OUTPUT_TOKENS, (long) counts.outputTokens());
        }
        if (captureContent && answer.content() != null) {
            ObjectNode message = Json.object();
            message.put("role", "assistant");
            message.putArray("parts").addObject().put("type", "text").put("content", answer.content());
            if (answer.finishReason() != null) {
                message.put("finish_reason", GenAi.finishReason(answer.finishReason()));
            }
            ArrayNode output = Json.MAPPER.createArrayNode().add(message);
            target.setAttribute(GenAi.OUTPUT_MESSAGES, Json.text(output));
        }
    }

    /** The prompt's messages in the conventions' shape, each text held to {@link ContentCapture#MAX_CHARS}. */
    private static String messages(List<Message> messages) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Message m : messages) {
            ObjectNode message = out.addObject();
            message.put("role", m.role().name().toLowerCase(Locale.ROOT));
            message.putArray("parts").addObject().put("type", "text")
                    .put("content", ContentCapture.clip(m.joinedText()));
        }
        return Json.text(out);
    }

    @Override
    public String traceId() {
        SpanContext sc = span.getSpanContext();
        return sc.isValid() ? sc.getTraceId() : null;
    }
}
