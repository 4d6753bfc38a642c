package io.llmrouter.service.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.Usage;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.telemetry.CallRecord;
import io.llmrouter.core.telemetry.RouteListener;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import org.jboss.logging.Logger;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.formatters.PatternFormatter;

/**
 * Writes one usage record per finished call (completed, failed or cancelled): a JSON object on one line, logged at
 * INFO in the category {@value #CATEGORY}, which application.properties sends to standard output as bare lines
 * (docs/operations.md, "Usage records", describes every field; the format is stable). Never a key, a prompt or an
 * answer. {@link #keepBareLines} holds the category's handlers to the bare line even when JSON console logs are on
 * (quarkus-logging-json formats every console handler, named ones included), so a record is always one JSON object of
 * its own per line.
 *
 * <p>The calling thread (an event loop) only queues the finished call. A writer thread of its own wakes every
 * {@link #INTERVAL_MILLIS} ms, formats what was queued and logs it as one message of up to {@link #BATCH} lines: one
 * write per batch instead of a thread hand-off and a write per call, which cost more than the routing itself
 * (docs/benchmarks.md, "Tracing and usage records"). The queue is bounded; when the output is stuck and the queue is
 * full, a record is dropped and counted ({@value #DROPPED_METRIC}) rather than make an event loop wait on a pipe.
 */
public final class UsageRecords implements RouteListener, AutoCloseable {

    /** The logger category of usage records. */
    public static final String CATEGORY = "io.llmrouter.usage";
    /** The version of the record's format, written into each record; raised only if a field changes meaning. */
    static final int VERSION = 1;
    /** Records queued at most, about 5 MB of heap when full. */
    static final int CAPACITY = 16_384;
    /** Records written in one log message at most. */
    static final int BATCH = 512;
    /** How often the writer looks for queued records: the longest a record waits before it is written. */
    static final long INTERVAL_MILLIS = 100;
    /** Counts records dropped because the queue was full. */
    static final String DROPPED_METRIC = "router_usage_records_dropped";

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private final Clock clock;
    private final Runnable onDropped;
    private final BlockingQueue<Finished> queue;
    private final long intervalNanos;
    private final Thread writer;
    private volatile boolean closed;

    /** One finished call and when it ended. */
    private record Finished(CallRecord record, Instant at) {
    }

    /**
     * @param onDropped told of each record dropped because the queue was full (called on the routing thread)
     */
    public UsageRecords(Clock clock, Runnable onDropped) {
        this(clock, onDropped, CAPACITY, INTERVAL_MILLIS);
    }

    UsageRecords(Clock clock, Runnable onDropped, int capacity, long intervalMillis) {
        this.clock = clock;
        this.onDropped = onDropped;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.writer = new Thread(this::writeUntilClosed, "usage-records");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void onCall(CallRecord record) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        if (!queue.offer(new Finished(record, clock.instant()))) {
            onDropped.run();
        }
    }

    /** Writes what is queued and stops the writer. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeUntilClosed() {
        List<Finished> batch = new ArrayList<>(BATCH);
        StringBuilder lines = new StringBuilder(BATCH * 512);
        while (!closed) {
            long until = System.nanoTime() + intervalNanos;
            for (long left; !closed && (left = until - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(this, left);
            }
            writeQueued(batch, lines);
        }
        writeQueued(batch, lines);
    }

    private void writeQueued(List<Finished> batch, StringBuilder lines) {
        while (queue.drainTo(batch, BATCH) > 0) {
            try {
                for (Finished f : batch) {
                    if (!lines.isEmpty()) {
                        lines.append(System.lineSeparator());
                    }
                    lines.append(json(f.record(), f.at()));
                }
                LOG.info(lines.toString());
            } catch (RuntimeException e) {
                // A failing handler must not end the writer: the next batch may go through.
                LOG.debug("usage records not written", e);
            } finally {
                batch.clear();
                lines.setLength(0);
            }
        }
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

    /**
     * The record's field names, quoted and encoded once: the writer thread formats a record per call, and escaping
     * each name afresh was a third of its work (docs/benchmarks.md, "Where the time goes").
     */
    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString FORMAT_VERSION = new SerializedString("version");
    private static final SerializedString TRACE_ID = new SerializedString("trace_id");
    private static final SerializedString TENANT = new SerializedString("tenant");
    private static final SerializedString KEY_NAME = new SerializedString("key_name");
    private static final SerializedString CLIENT_PROTOCOL = new SerializedString("client_protocol");
    private static final SerializedString ENDPOINT = new SerializedString("endpoint");
    private static final SerializedString UPSTREAM_PROTOCOL = new SerializedString("upstream_protocol");
    private static final SerializedString REQUEST_MODEL = new SerializedString("request_model");
    private static final SerializedString UPSTREAM_MODEL = new SerializedString("upstream_model");
    private static final SerializedString STREAMED = new SerializedString("streamed");
    private static final SerializedString ATTEMPTS = new SerializedString("attempts");
    private static final SerializedString OUTCOME = new SerializedString("outcome");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString INPUT_TOKENS = new SerializedString("input_tokens");
    private static final SerializedString CACHED_INPUT_TOKENS = new SerializedString("cached_input_tokens");
    private static final SerializedString CACHE_WRITE_TOKENS = new SerializedString("cache_write_tokens");
    private static final SerializedString OUTPUT_TOKENS = new SerializedString("output_tokens");
    private static final SerializedString REASONING_TOKENS = new SerializedString("reasoning_tokens");
    private static final SerializedString USAGE_ACCURATE = new SerializedString("usage_accurate");
    private static final SerializedString COST_USD = new SerializedString("cost_usd");
    private static final SerializedString LATENCY_MS = new SerializedString("latency_ms");
    private static final SerializedString TTFT_MS = new SerializedString("ttft_ms");
    private static final SerializedString DROPPED_FIELDS = new SerializedString("dropped_fields");
    /** The usage fields, null together when a call has no usage. */
    private static final List<SerializedString> USAGE_FIELDS = List.of(INPUT_TOKENS, CACHED_INPUT_TOKENS,
            CACHE_WRITE_TOKENS, OUTPUT_TOKENS, REASONING_TOKENS, USAGE_ACCURATE, COST_USD);

    /** The record of one call, ended at {@code at}, as one line of JSON. */
    static String json(CallRecord r, Instant at) {
        byte[] bytes = Json.write(g -> {
            g.writeStartObject();
            string(g, TIMESTAMP, at.toString());
            g.writeFieldName(FORMAT_VERSION);
            g.writeNumber(VERSION);
            string(g, TRACE_ID, r.traceId());
            string(g, TENANT, r.tenant());
            string(g, KEY_NAME, r.keyName());
            string(g, CLIENT_PROTOCOL, r.clientProtocol().configName());
            string(g, ENDPOINT, r.endpoint());
            string(g, UPSTREAM_PROTOCOL, name(r.upstreamProtocol()));
            string(g, REQUEST_MODEL, r.requestModel());
            string(g, UPSTREAM_MODEL, r.upstreamModel());
            g.writeFieldName(STREAMED);
            g.writeBoolean(r.streamed());
            number(g, ATTEMPTS, r.attempts());
            string(g, OUTCOME, r.outcome());
            number(g, STATUS, r.status());
            usage(g, r.usage());
            number(g, LATENCY_MS, r.latencyMillis());
            g.writeFieldName(TTFT_MS);
            if (r.ttftMillis() >= 0) {
                g.writeNumber(r.ttftMillis());
            } else {
                g.writeNull();
            }
            g.writeFieldName(DROPPED_FIELDS);
            g.writeStartArray();
            for (String field : r.dropped()) {
                g.writeString(field);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void string(JsonGenerator g, SerializedString name, String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
    }

    private static void number(JsonGenerator g, SerializedString name, long value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    private static void usage(JsonGenerator g, Usage u) throws IOException {
        if (u == null) {
            for (SerializedString field : USAGE_FIELDS) {
                g.writeFieldName(field);
                g.writeNull();
            }
            return;
        }
        number(g, INPUT_TOKENS, u.inputTokens());
        number(g, CACHED_INPUT_TOKENS, u.cachedInputTokens());
        number(g, CACHE_WRITE_TOKENS, u.cacheWriteTokens());
        number(g, OUTPUT_TOKENS, u.outputTokens());
        number(g, REASONING_TOKENS, u.reasoningTokens());
        g.writeFieldName(USAGE_ACCURATE);
        g.writeBoolean(u.accurate());
        // As x-router-cost-usd writes it: 8 decimals, never in exponent notation.
        g.writeFieldName(COST_USD);
        g.writeNumber(Double.isFinite(u.costUsd())
                ? BigDecimal.valueOf(u.costUsd()).setScale(8, RoundingMode.HALF_UP).toPlainString() : "0");
    }

    private static String name(Protocol protocol) {
        return protocol == null ? null : protocol.configName();
    }
}
