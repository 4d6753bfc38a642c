package io.llmrouter.service.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.Usage;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.telemetry.CallRecord;
import io.llmrouter.core.telemetry.RouteListener;
import io.llmrouter.core.telemetry.TraceLog;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Handler;
import org.jboss.logging.Logger;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.formatters.PatternFormatter;

/**
 * Writes one usage record per finished call (completed, failed or cancelled): a JSON object on one line, logged at
 * INFO in the category {@value #CATEGORY}, which application.properties sends to standard output as the bare line
 * (docs/operations.md, "Usage records", describes every field; the format is stable). Never a key, a prompt or an
 * answer. {@link #keepBareLines} holds the category's handlers to the bare line even when JSON console logs are on
 * (quarkus-logging-json formats every console handler, named ones included), so a record is always one JSON object of
 * its own per line.
 */
public final class UsageRecords implements RouteListener {

    /** The logger category of usage records. */
    public static final String CATEGORY = "io.llmrouter.usage";
    /** The version of the record's format, written into each record; raised only if a field changes meaning. */
    static final int VERSION = 1;

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private final Clock clock;

    public UsageRecords(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void onCall(CallRecord record) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String line = json(record, clock.instant());
        TraceLog.with(record.traceId(), () -> LOG.info(line));
    }

    /**
     * Sets the bare-line format on every handler of the usage category, and on the handlers an asynchronous one
     * writes through (after the logging configuration).
     */
    static void keepBareLines() {
        bareLines(java.util.logging.Logger.getLogger(CATEGORY).getHandlers());
    }

    private static void bareLines(Handler[] handlers) {
        for (Handler handler : handlers) {
            handler.setFormatter(new PatternFormatter("%s%n"));
            if (handler instanceof ExtHandler ext) {
                bareLines(ext.getHandlers());
            }
        }
    }

    /** The record of one call, ended at {@code at}, as one line of JSON. */
    static String json(CallRecord r, Instant at) {
        byte[] bytes = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", at.toString());
            g.writeNumberField("version", VERSION);
            g.writeStringField("trace_id", r.traceId());
            g.writeStringField("tenant", r.tenant());
            g.writeStringField("key_name", r.keyName());
            g.writeStringField("client_protocol", r.clientProtocol().configName());
            g.writeStringField("endpoint", r.endpoint());
            g.writeStringField("upstream_protocol", name(r.upstreamProtocol()));
            g.writeStringField("request_model", r.requestModel());
            g.writeStringField("upstream_model", r.upstreamModel());
            g.writeBooleanField("streamed", r.streamed());
            g.writeNumberField("attempts", r.attempts());
            g.writeStringField("outcome", r.outcome());
            g.writeNumberField("status", r.status());
            usage(g, r.usage());
            g.writeNumberField("latency_ms", r.latencyMillis());
            if (r.ttftMillis() >= 0) {
                g.writeNumberField("ttft_ms", r.ttftMillis());
            } else {
                g.writeNullField("ttft_ms");
            }
            g.writeArrayFieldStart("dropped_fields");
            for (String field : r.dropped()) {
                g.writeString(field);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void usage(JsonGenerator g, Usage u) throws IOException {
        if (u == null) {
            for (String field : new String[] {"input_tokens", "cached_input_tokens", "cache_write_tokens",
                                              "output_tokens", "reasoning_tokens", "usage_accurate", "cost_usd"}) {
                g.writeNullField(field);
            }
            return;
        }
        g.writeNumberField("input_tokens", u.inputTokens());
        g.writeNumberField("cached_input_tokens", u.cachedInputTokens());
        g.writeNumberField("cache_write_tokens", u.cacheWriteTokens());
        g.writeNumberField("output_tokens", u.outputTokens());
        g.writeNumberField("reasoning_tokens", u.reasoningTokens());
        g.writeBooleanField("usage_accurate", u.accurate());
        // As x-router-cost-usd writes it: 8 decimals, never in exponent notation.
        g.writeFieldName("cost_usd");
        g.writeNumber(Double.isFinite(u.costUsd())
                ? BigDecimal.valueOf(u.costUsd()).setScale(8, RoundingMode.HALF_UP).toPlainString() : "0");
    }

    private static String name(Protocol protocol) {
        return protocol == null ? null : protocol.configName();
    }
}
